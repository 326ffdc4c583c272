// socket.io-client 4.8 with socket.io-msgpack-parser 3.x against the server at args.url:
// events, acks both ways, binary at any depth, a room broadcast, a namespace, a middleware
// error. Prints what the client received (see values.mjs for how values are described).
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { runScenario, once, remaining, withTimeout } from "../../../../socketio-servlet/src/test/js/lib.mjs";
import { describe } from "./values.mjs";

const require = createRequire(import.meta.url);
const parser = require("socket.io-msgpack-parser");

runScenario(async (args, ctx) => {
  const opts = { transports: args.transports, parser, forceNew: true, reconnection: false };
  const t = () => remaining(ctx);
  const sockets = [];
  const connect = async (nsp, event) => {
    const s = io(args.url + nsp, opts);
    sockets.push(s);
    const first = await once(s, event, t(), ["connect_error", "disconnect"]);
    return { s, first };
  };
  try {
    const { s: a, first: welcome } = await connect("/", "welcome");
    ctx.progress.welcome = true;
    if (args.transports.length > 1 && a.io.engine.transport.name !== "websocket") {
      await once(a.io.engine, "upgrade", t());
    }
    // every argument of the ack (emitWithAck resolves with the first one only)
    const echoed = await new Promise((resolve, reject) => a.timeout(t()).emit("echo", 1, -200, 2 ** 40, 1.5, "s", null,
      true, { a: { b: [Buffer.from([1, 2, 3])] }, u: undefined }, [undefined, 7],
      new Uint8Array([9, 8]), new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)),
      (err, ...values) => (err ? reject(err) : resolve(values))));
    ctx.progress.echo = true;
    const point = await a.timeout(t()).emitWithAck("point", { x: 3, y: 4 });

    a.on("question", (x, callback) => callback({ doubled: x * 2, bin: Buffer.from([4, 5]) }));
    const answered = withTimeout(new Promise((resolve) =>
      a.once("client-answered", (...values) => resolve(values))), t(), "client-answered");
    a.emit("ask-client", 21);
    const clientAnswer = await answered;
    ctx.progress.serverAck = true;

    const { s: b } = await connect("/", "welcome");
    await b.timeout(t()).emitWithAck("join", "r");
    const roomMessage = once(b, "room-msg", t());
    a.emit("to-room", "r", { deep: [[Buffer.from([7])]] });
    const inRoom = await roomMessage;
    ctx.progress.room = true;

    const { s: chat } = await connect("/chat", "connect");
    const where = await chat.timeout(t()).emitWithAck("where");

    const guarded = io(args.url + "/guarded", opts);
    sockets.push(guarded);
    const refused = await once(guarded, "connect_error", t(), ["connect"]);

    return {
      welcome: describe(welcome),
      echoed: describe(echoed),
      point: describe(point),
      clientAnswer: describe(clientAnswer),
      inRoom: describe(inRoom),
      where,
      refused: { message: refused.message, data: describe(refused.data) },
      transport: a.io.engine.transport.name,
    };
  } finally {
    sockets.forEach((s) => s.disconnect());
  }
});
