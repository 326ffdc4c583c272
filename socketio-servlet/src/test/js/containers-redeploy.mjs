// Clients connected while their web application is undeployed and deployed again (run by the
// container tests): each client is told (a disconnect with the reason the server gave), tries
// to reconnect while the application is away, and is back once it is redeployed.
//
// Args (JSON, argv[2]):
//   url          base URL of the application, e.g. "http://127.0.0.1:8080"          (required)
//   clients      [{name, transports, auth}]: one socket.io-client Manager each        (required)
//   join         {event, args}: emitted with an ack by every client after each connection
//                (optional; e.g. the chat's {"event":"join","args":["general"]})
//   say          {event, args, expect}: after the reconnection the first client emits it with
//                an ack and every other client must receive "expect"               (optional)
//   timeoutMs    overall watchdog                                      (default 15000)
//
// Protocol with the test: once every client is connected (and joined), the script prints
// "@connected" on stdout and waits for one line on stdin: the test undeploys and redeploys the
// application meanwhile and then answers "redeployed".
//
// Result:
//   {"ok":true,"clients":{name:{"transport","disconnectReason","disconnectedAt",
//      "reconnectedAt","failedAttempts","transportAfter","sidChanged"}},
//    "signalledAt","answeredAt","said":{"ack":..,"received":{name:..}}}
// Times are epoch milliseconds (the test compares them with its own clock).
import { Manager } from "socket.io-client";
import { createInterface } from "node:readline";
import { runScenario, log, once, remaining, withTimeout, deferred } from "./lib.mjs";

runScenario(async (args, ctx) => {
  if (!args.url || !Array.isArray(args.clients) || args.clients.length === 0) {
    throw new Error("args.url and args.clients are required");
  }
  const clients = args.clients.map((c) => {
    const manager = new Manager(args.url, {
      transports: c.transports ?? ["polling", "websocket"],
      reconnection: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      randomizationFactor: 0,
      timeout: 5000,
    });
    const socket = manager.socket("/", { auth: c.auth ?? {} });
    const info = {
      transport: null,
      disconnectReason: null,
      disconnectedAt: null,
      reconnectedAt: null,
      failedAttempts: 0,
      transportAfter: null,
      sidChanged: null,
    };
    const reconnected = deferred();
    let firstSid = null;
    socket.on("connect", () => {
      if (firstSid === null) {
        firstSid = manager.engine.id;
        info.transport = manager.engine.transport.name;
      } else if (info.disconnectReason !== null && info.reconnectedAt === null) {
        info.reconnectedAt = Date.now();
        info.sidChanged = manager.engine.id !== firstSid;
        reconnected.resolve();
      }
    });
    socket.on("disconnect", (reason) => {
      if (info.disconnectReason === null) {
        info.disconnectReason = reason;
        info.disconnectedAt = Date.now();
        log(c.name, "disconnected:", reason);
      }
    });
    manager.on("reconnect_error", (err) => {
      info.failedAttempts++;
      log(c.name, "reconnection attempt failed:", err && err.message);
    });
    ctx.progress[c.name] = info;
    return { name: c.name, manager, socket, info, reconnected: reconnected.promise };
  });

  try {
    const joinAll = async () => {
      if (!args.join) {
        return;
      }
      await Promise.all(clients.map(({ socket }) =>
        withTimeout(socket.timeout(remaining(ctx)).emitWithAck(args.join.event, ...(args.join.args ?? [])),
          remaining(ctx), `ack of ${args.join.event}`)));
    };

    await Promise.all(clients.map(({ socket }) =>
      socket.connected ? null : once(socket, "connect", remaining(ctx), ["connect_error"])));
    await joinAll();
    // wait for the upgrades, so that every client is on its final transport when undeployed
    await Promise.all(clients.map(async ({ manager, info }) => {
      const wantsUpgrade = manager.opts.transports.includes("websocket")
        && manager.engine.transport.name !== "websocket";
      if (wantsUpgrade) {
        await once(manager.engine, "upgrade", remaining(ctx));
      }
      info.transport = manager.engine.transport.name;
    }));

    const signalledAt = Date.now();
    const answer = await ask("connected", remaining(ctx));
    const answeredAt = Date.now();
    if (answer !== "redeployed") {
      throw new Error(`the test answered "${answer}"`);
    }

    await Promise.all(clients.map(({ name, reconnected }) =>
      withTimeout(reconnected, remaining(ctx), `reconnection of ${name}`)));
    for (const { manager, info } of clients) {
      info.transportAfter = manager.engine.transport.name;
    }
    await joinAll();

    let said = null;
    if (args.say) {
      const [speaker, ...listeners] = clients;
      const received = listeners.map(({ socket }) => once(socket, args.say.expect, remaining(ctx)));
      const ack = await speaker.socket.timeout(remaining(ctx)).emitWithAck(args.say.event, ...(args.say.args ?? []));
      const got = await Promise.all(received);
      said = { ack, received: Object.fromEntries(listeners.map(({ name }, i) => [name, got[i]])) };
    }
    return {
      clients: Object.fromEntries(clients.map(({ name, info }) => [name, info])),
      signalledAt,
      answeredAt,
      said,
    };
  } finally {
    for (const { manager } of clients) {
      manager.reconnection(false);
      manager.engine?.close();
    }
  }

});

let lines = null;
/** Prints "@<request>" and resolves with the test's answer, one line on stdin. */
function ask(request, ms) {
  if (lines === null) {
    lines = createInterface({ input: process.stdin });
  }
  const answer = new Promise((resolve, reject) => {
    lines.once("line", resolve);
    lines.once("close", () => reject(new Error("stdin closed")));
  });
  process.stdout.write(`@${request}\n`);
  return withTimeout(answer, ms, `answer to "@${request}"`);
}
