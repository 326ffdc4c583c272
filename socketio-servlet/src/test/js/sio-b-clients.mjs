// Several Socket.IO clients (official socket.io-client) that record everything they receive,
// optionally driven by a list of steps. Used by the Java tests of rooms, broadcasts, broadcast
// acks, fetchSockets and disconnect reasons (part B).
//
// Args (JSON, argv[2]):
//   url        the server, e.g. "http://127.0.0.1:8080"                       (required)
//   clients    [{name, nsp, transports, waitUpgrade, auth, query, options, shareWith,
//                answers, until}]  see RecordedClient in sio-b-lib.mjs; connected in order
//   ready      event each client emits once connected (and upgraded): default "ready", with
//              its name as argument; null for none
//   steps      run in order once every client is connected:
//                {op:"emit", client, event, args, ack?:true, label?}  (ack: waits; the answer
//                                                                       goes to acks[label])
//                {op:"wait", client, event, count?}         until `count` (1) such events
//                {op:"waitDisconnect", client}              until it disconnected
//                {op:"disconnect", client}                  client socket.disconnect()
//                {op:"closeEngine", client}                 closes the Engine.IO connection
//                {op:"raw", client, data}                   sends a raw Socket.IO packet text
//              args may contain {"$bin":[bytes]} (binary) and "$id:<client>" (its socket id)
//   waitAll    after the steps, wait until every client got its `until` event or
//              disconnected (default true)
//   leaveOpen  do not close the clients at the end: the process exits with them open
//   timeoutMs  watchdog (default 15000)
//
// Result: {"ok":true, "clients":{name:{id, transport, upgraded, events, disconnects,
//          connectErrors}}, "acks":{label:[args]}}
import { runScenario, log, remaining } from "./lib.mjs";
import { RecordedClient, closeAll, closeEngine, decodeValue, encodeValue } from "./sio-b-lib.mjs";

runScenario(async (args, ctx) => {
  if (!args.url) {
    throw new Error("args.url is required");
  }
  const clients = new Map();
  const acks = {};
  const result = () => {
    const out = {};
    for (const [name, c] of clients) {
      out[name] = c.result();
    }
    return { clients: out, acks };
  };
  // on failure the error result shows what every client had recorded so far
  Object.defineProperty(ctx.progress, "clients", { enumerable: true, get: () => result().clients });
  const get = (name) => {
    const c = clients.get(name);
    if (!c) {
      throw new Error(`unknown client ${name}`);
    }
    return c;
  };
  const readyEvent = args.ready === undefined ? "ready" : args.ready;
  try {
    for (const spec of args.clients ?? []) {
      const c = new RecordedClient(spec, args.url, clients);
      clients.set(spec.name, c);
      await c.connect(remaining(ctx));
      log(`client ${c.name} connected as ${c.id} on ${c.socket.io.engine.transport.name}`);
      if (readyEvent) {
        c.socket.emit(readyEvent, c.name);
      }
    }
    ctx.progress.connected = true;
    let index = 0;
    for (const step of args.steps ?? []) {
      ctx.progress.step = index++;
      const c = step.client ? get(step.client) : null;
      switch (step.op) {
        case "emit": {
          const values = decodeValue(step.args ?? [], clients);
          if (step.ack) {
            const answer = await new Promise((resolve, reject) => {
              c.socket.timeout(remaining(ctx)).emit(step.event, ...values, (err, ...answerArgs) => {
                if (err) {
                  reject(new Error(`client ${c.name}: no ack for "${step.event}": ${err.message}`));
                } else {
                  resolve(answerArgs);
                }
              });
            });
            acks[step.label ?? step.event] = encodeValue(answer);
          } else {
            c.socket.emit(step.event, ...values);
          }
          break;
        }
        case "wait": {
          const count = step.count ?? 1;
          await c.until(() => c.count(step.event) >= count, remaining(ctx),
            `${count} x "${step.event}"`);
          break;
        }
        case "waitDisconnect":
          await c.until(() => c.disconnects.length > 0, remaining(ctx), "disconnect");
          break;
        case "disconnect":
          c.socket.disconnect();
          break;
        case "closeEngine":
          await closeEngine(c.socket.io.engine);
          break;
        case "raw":
          c.socket.io.engine.send(step.data);
          break;
        default:
          throw new Error(`unknown step ${JSON.stringify(step)}`);
      }
    }
    if (args.waitAll ?? true) {
      await Promise.all([...clients.values()].map((c) =>
        c.until(() => c.disconnects.length > 0 || c.count(c.spec.until ?? "done") > 0,
          remaining(ctx), "the end")));
    }
    return result();
  } finally {
    if (!args.leaveOpen) {
      await closeAll([...clients.values()]);
    }
  }
});
