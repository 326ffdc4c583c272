// Generic Socket.IO client scenario (feature tests, part A): runs a JSON list of steps with the
// official socket.io-client and reports everything it saw.
//
// Args (JSON, argv[2]):
//   url          base URL, e.g. "http://127.0.0.1:8080"                        (required)
//   path         Socket.IO path                                   (default "/socket.io/")
//   transports   ["polling"] | ["websocket"] | ["polling","websocket"]
//   waitUpgrade  after a manager's first successful connect, wait for its upgrade to
//                WebSocket when its transports allow one                   (default false)
//   options      extra Manager options for every manager                      (optional)
//   managers     {alias: extra Manager options} per manager                   (optional)
//   answers      {event: spec}: how to answer server events that ask for an ack:
//                  {"values":[...]}  answer with these values
//                  {"echo":true}     answer with the received arguments
//                  {"defer":true}    keep the callback until a "flushDeferred" step, which
//                                    answers with "values" (or the received arguments)
//                  absent            never answer
//   steps        the steps, run in order (each waits until it is done):
//     {"op":"connect","socket":"main","nsp":"/","manager":"default","auth":{..},
//      "expect":"connect"|"error","answers":{..}}
//         sockets of one manager share one Engine.IO connection (multiplexing)
//     {"op":"emit","socket":"main","event":"e","args":[..]}
//     {"op":"emit",...,"ack":"name"[,"ackTimeoutMs":n][,"wait":false]}
//         emit with an ack callback; the answer is stored in acks[name] as {"args":[..]} (or
//         {"error":".."} for a timeout); waits for it unless "wait":false
//     {"op":"awaitAck","ack":"name"}
//     {"op":"emitMany","socket":"main","event":"e","count":n}   emits e(0) .. e(n-1)
//     {"op":"await","socket":"main","event":"e","count":1}        waits until received
//     {"op":"awaitDisconnect","socket":"main"}
//     {"op":"disconnect","socket":"main"}                         client-side disconnect
//     {"op":"raw","manager":"default","data":"1"}                 a raw Engine.IO message
//     {"op":"awaitPings","manager":"default","count":n}           n more server pings
//     {"op":"awaitUpgrade","manager":"default"}
//     {"op":"flushDeferred","socket":"main"}                      answers deferred acks
//   timeoutMs    overall watchdog                                     (default 15000)
//
// Binary values: see sio-a-lib.mjs ({"$bin":[..]} both ways).
//
// Result:
//   {"ok":true,
//    "sockets":{alias:{"nsp","id","connected","error":{"message","data","hasData"}|null,
//               "disconnectReason","events":[{"event","args":[..],"ack":bool}]}},
//    "managers":{alias:{"engineId","transport","upgraded","pings","closeReason",
//                       "packets":[{"type","nsp","id"?,"data"?}],  (decoded Socket.IO packets;
//                                  the parser reports binary ones as EVENT/ACK)
//                       "frames":["51-", "<binary 3>", ...]}},   (raw message heads)
//    "acks":{name:{"args":[..]}|{"error":".."}}}
import { Manager } from "socket.io-client";
import { runScenario, log, deferred, withTimeout, remaining, sleep } from "./lib.mjs";
import { decodeValue, encodeValue, packetSummary } from "./sio-a-lib.mjs";

runScenario(async (args, ctx) => {
  if (!args.url) {
    throw new Error("args.url is required");
  }
  const transports = args.transports ?? ["polling", "websocket"];
  const baseOptions = {
    path: args.path ?? "/socket.io/",
    transports,
    reconnection: false,
    ...(args.options ?? {}),
  };
  const state = { sockets: {}, managers: {}, acks: {} };
  ctx.progress.state = state;
  const managers = {};
  const sockets = {};
  const deferredAcks = {};
  const seenTransports = []; // {engine, transport, ws}: what closeAll waits for

  // ------------------------------------------------------------------ waiting

  const waiters = new Set();
  const changed = () => {
    for (const w of [...waiters]) {
      if (w.check()) {
        waiters.delete(w);
        w.resolve();
      }
    }
  };
  const until = (label, check) => {
    if (check()) {
      return Promise.resolve();
    }
    const d = deferred();
    const waiter = { check, resolve: d.resolve };
    waiters.add(waiter);
    return withTimeout(d.promise, remaining(ctx), label).finally(() => waiters.delete(waiter));
  };

  // ------------------------------------------------------------------ managers and sockets

  const manager = (alias = "default") => {
    if (managers[alias]) {
      return managers[alias];
    }
    const options = { ...baseOptions, ...((args.managers ?? {})[alias] ?? {}) };
    log("manager", alias, options);
    const m = new Manager(args.url, options);
    const info = {
      engineId: null,
      transport: null,
      upgraded: false,
      pings: 0,
      closeReason: null,
      packets: [],
      frames: [],
    };
    m.engine.on("open", () => {
      seenTransports.push({ engine: m.engine, transport: m.engine.transport, ws: m.engine.transport.ws });
      info.engineId = m.engine.id;
      info.transport = m.engine.transport.name;
      changed();
    });
    m.engine.on("upgrade", (transport) => {
      seenTransports.push({ engine: m.engine, transport, ws: transport.ws });
      info.upgraded = true;
      info.transport = transport.name;
      changed();
    });
    m.engine.on("ping", () => {
      info.pings++;
      changed();
    });
    m.engine.on("packet", (packet) => {
      if (packet.type === "message") {
        info.frames.push(frameHead(packet.data));
      }
    });
    m.on("packet", (packet) => {
      info.packets.push(packetSummary(packet));
      changed();
    });
    m.on("close", (reason) => {
      info.closeReason = reason;
      changed();
    });
    managers[alias] = m;
    state.managers[alias] = info;
    return m;
  };

  const answerSpec = (socketAnswers, event) =>
    (socketAnswers ?? {})[event] ?? (args.answers ?? {})[event];

  const openSocket = (step) => {
    const alias = step.socket ?? "main";
    if (sockets[alias]) {
      throw new Error(`socket ${alias} exists already`);
    }
    const m = manager(step.manager);
    const opts = step.auth !== undefined ? { auth: decodeValue(step.auth) } : {};
    const socket = m.socket(step.nsp ?? "/", opts);
    const info = {
      nsp: step.nsp ?? "/",
      id: null,
      connected: false,
      error: null,
      disconnectReason: null,
      events: [],
    };
    deferredAcks[alias] = [];
    socket.onAny((event, ...received) => {
      let callback = null;
      if (received.length && typeof received[received.length - 1] === "function") {
        callback = received.pop();
      }
      info.events.push({ event, args: received.map(encodeValue), ack: callback !== null });
      if (callback) {
        const spec = answerSpec(step.answers, event);
        if (spec && spec.defer) {
          deferredAcks[alias].push({ callback, spec, received });
        } else if (spec && spec.echo) {
          callback(...received);
        } else if (spec && spec.values) {
          callback(...decodeValue(spec.values));
        }
      }
      changed();
    });
    socket.on("connect", () => {
      info.connected = true;
      info.id = socket.id;
      changed();
    });
    socket.on("connect_error", (err) => {
      info.error = {
        message: err.message,
        data: err.data === undefined ? null : encodeValue(err.data),
        hasData: err.data !== undefined,
      };
      changed();
    });
    socket.on("disconnect", (reason) => {
      info.connected = false;
      info.disconnectReason = reason;
      changed();
    });
    sockets[alias] = socket;
    state.sockets[alias] = info;
    return { alias, socket, info, managerAlias: step.manager ?? "default" };
  };

  const socketOf = (step) => {
    const alias = step.socket ?? "main";
    const socket = sockets[alias];
    if (!socket) {
      throw new Error(`no socket ${alias}`);
    }
    return { alias, socket, info: state.sockets[alias] };
  };

  const canUpgrade = (m) =>
    transports.includes("websocket") && m.engine.transport.name !== "websocket" && m.opts.upgrade !== false;

  // ------------------------------------------------------------------ steps

  const run = async (step) => {
    switch (step.op) {
      case "connect": {
        const { alias, info, managerAlias } = openSocket(step);
        await until(`connect ${alias}`, () => info.connected || info.error !== null);
        const expect = step.expect ?? "connect";
        if (expect === "connect" && !info.connected) {
          throw new Error(`connect_error on ${alias}: ${JSON.stringify(info.error)}`);
        }
        if (expect === "error" && info.error === null) {
          throw new Error(`${alias} connected but an error was expected`);
        }
        const m = managers[managerAlias];
        if (info.connected && args.waitUpgrade && canUpgrade(m)) {
          await until(`upgrade of ${managerAlias}`, () => state.managers[managerAlias].upgraded);
        }
        return;
      }
      case "emit": {
        const { socket } = socketOf(step);
        const values = decodeValue(step.args ?? []);
        if (!step.ack) {
          socket.emit(step.event, ...values);
          return;
        }
        const name = step.ack;
        if (step.ackTimeoutMs) {
          socket.timeout(step.ackTimeoutMs).emit(step.event, ...values, (err, ...answer) => {
            state.acks[name] = err ? { error: err.message } : { args: answer.map(encodeValue) };
            changed();
          });
        } else {
          socket.emit(step.event, ...values, (...answer) => {
            state.acks[name] = { args: answer.map(encodeValue) };
            changed();
          });
        }
        if (step.wait !== false) {
          await until(`ack ${name}`, () => name in state.acks);
        }
        return;
      }
      case "awaitAck":
        await until(`ack ${step.ack}`, () => step.ack in state.acks);
        return;
      case "emitMany": {
        const { socket } = socketOf(step);
        for (let i = 0; i < step.count; i++) {
          socket.emit(step.event, i);
        }
        return;
      }
      case "await": {
        const { alias, info } = socketOf(step);
        const count = step.count ?? 1;
        await until(`${count} x "${step.event}" on ${alias}`,
          () => info.events.filter((e) => e.event === step.event).length >= count);
        return;
      }
      case "awaitDisconnect": {
        const { alias, info } = socketOf(step);
        await until(`disconnect of ${alias}`, () => info.disconnectReason !== null);
        return;
      }
      case "disconnect": {
        const { alias, socket, info } = socketOf(step);
        socket.disconnect();
        await until(`disconnect of ${alias}`, () => info.disconnectReason !== null);
        return;
      }
      case "raw":
        manager(step.manager).engine.send(step.data);
        return;
      case "awaitPings": {
        const alias = step.manager ?? "default";
        const info = state.managers[alias];
        const target = info.pings + (step.count ?? 1);
        await until(`${step.count} pings on ${alias}`, () => info.pings >= target);
        return;
      }
      case "awaitUpgrade": {
        const alias = step.manager ?? "default";
        await until(`upgrade of ${alias}`, () => state.managers[alias].upgraded);
        return;
      }
      case "flushDeferred": {
        const { alias } = socketOf(step);
        const pending = deferredAcks[alias];
        deferredAcks[alias] = [];
        for (const { callback, spec, received } of pending) {
          callback(...(spec.values ? decodeValue(spec.values) : received));
        }
        return;
      }
      default:
        throw new Error(`unknown step op: ${step.op}`);
    }
  };

  try {
    const steps = args.steps ?? [];
    for (let i = 0; i < steps.length; i++) {
      ctx.progress.step = i;
      log("step", i, steps[i]);
      try {
        await run(steps[i]);
      } catch (e) {
        throw new Error(`step ${i} (${steps[i].op}): ${e.message}`);
      }
    }
    // A snapshot: closing the managers below changes the live state (disconnect reasons).
    return JSON.parse(JSON.stringify(state));
  } finally {
    await closeAll(Object.values(managers), seenTransports);
  }
});

/**
 * The head of an Engine.IO message as received: for text, the Socket.IO header before its JSON
 * (e.g. "2", "51-", "/admin,3"); for binary, "<binary N>".
 */
function frameHead(data) {
  if (typeof data !== "string") {
    const length = data.byteLength ?? data.length;
    return `<binary ${length}>`;
  }
  const json = data.search(/[[{]/);
  return json < 0 ? data : data.substring(0, json);
}

/**
 * Closes the managers' connections and waits (at most 2 s) until the server was told: the close
 * packet POST answered on polling, the close handshake done on WebSocket. Exiting at once
 * would kill those requests, leaving the server to find out by ping timeout.
 */
async function closeAll(managerList, seenTransports) {
  for (const m of managerList) {
    if (m.engine.readyState !== "closed") {
      m.engine.close();
    }
  }
  const settled = ({ engine, transport, ws }) => {
    if (transport.name === "polling") {
      return engine.readyState === "closed" && transport.writable !== false;
    }
    return !ws || ws.readyState === 3; // CLOSED
  };
  const deadline = Date.now() + 2000;
  while (Date.now() < deadline && !seenTransports.every(settled)) {
    await sleep(10);
  }
}
