// Write batches on a real container (run by the container tests' BatchesWarIT against the bench
// WAR, benchmarks/README.md): many packets written from one listener callback must arrive whole
// and in order, small and large mixed, also right before a close, and a client that stops
// reading must not hold up the others.
//
// Args (JSON, argv[2]):
//   url        base URL of the bench WAR, e.g. "http://127.0.0.1:8080"        (required)
//   bursts     [[size, ...], ...]: each one bench:burst request of the first client (required)
//   broadcast  {count, size}: a bench:broadcast of the first client to every client (required)
//   stuck      [size, ...]: the bench:burst asked by the client that stops reading  (required)
//   timeoutMs  overall watchdog                                                (default 15000)
//
// Steps: clients a, b, c connect over WebSocket only. a asks each burst in turn (the parts,
// then the ack); a asks the broadcast (a, b and c each get it all); b asks the last burst with
// "disconnect" (the parts, the ack, then the server's disconnect); a raw WebSocket client
// connects, stops reading, asks the stuck burst; while it is stuck, c asks 20 echoes and a
// broadcast, which a and c get; the stuck client is dropped; a asks the broadcast once more.
//
// Result: {"ok":true,"bursts":[{"count","parts","ordered","sizesOk","ackAfterParts"}],
//   "broadcast":{name:{"received","ordered"}},"closing":{"parts","ordered","sizesOk","acked",
//   "reason"},"whileStuck":{"echoes","maxEchoMs","broadcast":{name:{"received","ordered"}}},
//   "stuckBufferedBytes","after":{name:{"received","ordered"}}}
import { io } from "socket.io-client";
import WebSocket from "ws";
import { runScenario, log, once, remaining, withTimeout, deferred } from "./lib.mjs";

function connect(url, name) {
  const socket = io(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  socket.name = name;
  socket.parts = [];
  socket.msgs = [];
  socket.on("bench:part", (p) => socket.parts.push(p));
  socket.on("bench:msg", (m) => socket.msgs.push(m.i));
  return socket;
}

function checkParts(parts, sizes) {
  return {
    parts: parts.length,
    ordered: parts.every((p, k) => p.i === k),
    sizesOk: parts.length === sizes.length && parts.every((p, k) => p.pad.length === sizes[k]),
  };
}

async function broadcast(requester, all, spec, ctx) {
  all.forEach((s) => (s.msgs = []));
  const ack = await withTimeout(requester.emitWithAck("bench:broadcast", spec), remaining(ctx),
    "broadcast ack");
  const result = {};
  await withTimeout(Promise.all(all.map(async (s) => {
    while (s.msgs.length < spec.count) {
      await new Promise((r) => setTimeout(r, 20));
    }
  })), remaining(ctx), "broadcast messages");
  for (const s of all) {
    result[s.name] = { received: s.msgs.length, ordered: s.msgs.every((i, k) => i === k) };
  }
  result.clients = ack.clients;
  return result;
}

runScenario(async (args, ctx) => {
  if (!args.url || !args.bursts || !args.broadcast || !args.stuck) {
    throw new Error("args.url, bursts, broadcast and stuck are required");
  }
  const [a, b, c] = ["a", "b", "c"].map((n) => connect(args.url, n));
  await Promise.all([a, b, c].map((s) => once(s, "connect", remaining(ctx), ["connect_error"])));
  log("connected");

  const bursts = [];
  for (const sizes of args.bursts) {
    a.parts = [];
    const ack = await withTimeout(a.emitWithAck("bench:burst", { sizes }), remaining(ctx),
      "burst ack");
    const partsAtAck = a.parts.length; // the ack is written after the parts, in the same batch
    bursts.push({ count: ack.count, ...checkParts(a.parts, sizes),
      ackAfterParts: partsAtAck === sizes.length });
  }
  ctx.progress.bursts = bursts;
  const all = await broadcast(a, [a, b, c], args.broadcast, ctx);
  ctx.progress.broadcast = all;

  // a batch and a close right behind it
  const closingSizes = args.bursts[args.bursts.length - 1];
  b.parts = [];
  let acked = false;
  const reason = deferred();
  b.on("disconnect", (r) => reason.resolve(r));
  b.emit("bench:burst", { sizes: closingSizes, disconnect: true }, () => (acked = true));
  const closedWith = await withTimeout(reason.promise, remaining(ctx), "disconnect of b");
  const closing = { ...checkParts(b.parts, closingSizes), acked, reason: closedWith };
  ctx.progress.closing = closing;
  log("closing", closing);

  // a client that stops reading
  const wsUrl = args.url.replace(/^http/, "ws") + "/socket.io/?EIO=4&transport=websocket";
  const stuck = new WebSocket(wsUrl);
  const joined = deferred();
  stuck.on("message", (data) => {
    const text = data.toString();
    if (text.startsWith("0")) {
      stuck.send("40");
    } else if (text.startsWith("40")) {
      joined.resolve();
    } else if (text === "2") {
      stuck.send("3");
    }
  });
  stuck.on("error", (e) => log("stuck client:", e.message));
  await withTimeout(joined.promise, remaining(ctx), "stuck client connect");
  stuck._socket.pause(); // reads nothing more: the server's writes to it back up
  stuck.send(`42${JSON.stringify(["bench:burst", { sizes: args.stuck }])}`);
  log("stuck client asked its burst");

  let maxEchoMs = 0;
  let echoes = 0;
  for (let k = 0; k < 20; k++) {
    const t0 = Date.now();
    const back = await withTimeout(c.emitWithAck("bench:echo", { k }), remaining(ctx), "echo");
    if (back.k === k) {
      echoes++;
    }
    maxEchoMs = Math.max(maxEchoMs, Date.now() - t0);
  }
  const whileStuck = { echoes, maxEchoMs, broadcast: await broadcast(c, [a, c], args.broadcast, ctx) };
  ctx.progress.whileStuck = whileStuck;
  const stuckBufferedBytes = stuck._socket.readableLength;
  stuck.terminate();

  const after = await broadcast(a, [a, c], args.broadcast, ctx);
  a.disconnect();
  c.disconnect();
  return { bursts, broadcast: all, closing, whileStuck, stuckBufferedBytes, after };
});
