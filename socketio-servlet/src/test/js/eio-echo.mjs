// Engine.IO echo scenario, driven by the official engine.io-client.
//
// Args (JSON, argv[2]):
//   url          base URL, e.g. "http://localhost:8080/ctx"             (required)
//   path         Engine.IO path, e.g. "/engine.io/"          (default: client default "/engine.io")
//   transports   ["polling"] | ["websocket"] | ["polling","websocket"]  (default ["polling","websocket"])
//   upgrade      allow polling -> websocket upgrade                    (default true)
//   waitUpgrade  wait for the "upgrade" event before sending            (default false;
//                ignored when no upgrade is possible: single transport or upgrade:false)
//   texts        array of strings to send                              (default [])
//   textCount    alternatively, N generated texts "text-0".."text-N-1"
//   binaries     array of byte arrays, each sent as one Uint8Array       (default [])
//   query        extra query parameters                                 (optional)
//   options      extra engine.io-client options, merged last           (optional)
//   timeoutMs    overall watchdog                                       (default 15000)
//
// The server echoes every message (text as text, binary as binary). Result:
//   {"ok":true,"transport":"websocket","upgraded":true,"sid":"...",
//    "texts":[...received...],"binaries":[[...bytes...],...]}
// texts/binaries are in receiving order. The scenario fails if a text comes back as binary
// (or vice versa), on "error", or on "close" before all echoes arrived.
import { Socket } from "engine.io-client";
import { runScenario, log, once, remaining, toByteArray, isText, deferred, withTimeout } from "./lib.mjs";

runScenario(async (args, ctx) => {
  if (!args.url) {
    throw new Error("args.url is required");
  }
  const transports = args.transports ?? ["polling", "websocket"];
  const texts = args.texts ?? Array.from({ length: args.textCount ?? 0 }, (_, i) => `text-${i}`);
  const binaries = (args.binaries ?? []).map((b) => Uint8Array.from(b));

  const opts = {
    transports,
    upgrade: args.upgrade ?? true,
    ...(args.path ? { path: args.path } : {}),
    ...(args.query ? { query: args.query } : {}),
    ...(args.options ?? {}),
  };
  log("eio-echo connecting", args.url, opts);

  const progress = ctx.progress;
  progress.texts = [];
  progress.binaries = [];
  progress.upgraded = false;

  const socket = new Socket(args.url, opts);
  const allEchoed = deferred();
  const expectedTotal = texts.length + binaries.length;

  const checkDone = () => {
    if (progress.texts.length === texts.length && progress.binaries.length === binaries.length) {
      allEchoed.resolve();
    }
  };

  socket.on("message", (data) => {
    if (isText(data)) {
      progress.texts.push(data);
      if (progress.texts.length > texts.length) {
        allEchoed.reject(new Error(`unexpected extra text message: ${JSON.stringify(data)}`));
      }
    } else {
      progress.binaries.push(toByteArray(data));
      if (progress.binaries.length > binaries.length) {
        allEchoed.reject(new Error("unexpected extra binary message"));
      }
    }
    checkDone();
  });
  socket.on("upgrade", (transport) => {
    progress.upgraded = true;
    log("upgraded to", transport.name);
  });
  socket.on("upgradeError", (err) => log("upgradeError", String(err && err.message)));
  socket.on("error", (err) => allEchoed.reject(new Error(`socket error: ${err && err.message ? err.message : err}`)));
  socket.on("close", (reason, description) => {
    progress.closeReason = reason;
    allEchoed.reject(
      new Error(`closed before all echoes arrived: ${reason}${description ? ` (${description.message ?? description})` : ""}`),
    );
  });

  try {
    await once(socket, "open", remaining(ctx), ["error", "close"]);
    progress.opened = true;
    progress.sid = socket.id;
    log("open", socket.id, "transport", socket.transport.name);

    // Waiting only makes sense when this client can still upgrade; otherwise it is a no-op.
    const canUpgrade =
      opts.upgrade !== false && transports.includes("websocket") && socket.transport.name !== "websocket";
    if (args.waitUpgrade && canUpgrade && !progress.upgraded) {
      await once(socket, "upgrade", remaining(ctx), ["error", "close"]);
    }

    for (const text of texts) {
      socket.send(text);
    }
    for (const bytes of binaries) {
      socket.send(bytes);
    }
    progress.sent = expectedTotal;
    if (expectedTotal === 0) {
      allEchoed.resolve();
    }
    await withTimeout(allEchoed.promise, remaining(ctx), "echoes");

    return {
      transport: socket.transport ? socket.transport.name : null,
      upgraded: progress.upgraded,
      sid: progress.sid,
      texts: progress.texts,
      binaries: progress.binaries,
    };
  } finally {
    socket.off("close");
    socket.close();
  }
});
