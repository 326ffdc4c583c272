// Two nodes of one cluster: a client on node B joins a room, a client on node A broadcasts to
// it (through the server, with binary inside); both use socket.io-msgpack-parser. Prints what
// the client on node B received.
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { runScenario, once, remaining } from "../../../../socketio-servlet/src/test/js/lib.mjs";
import { describe } from "./values.mjs";

const require = createRequire(import.meta.url);
const parser = require("socket.io-msgpack-parser");

runScenario(async (args, ctx) => {
  const opts = { transports: ["websocket"], parser, forceNew: true, reconnection: false };
  const b = io(args.urlB, opts);
  const a = io(args.urlA, opts);
  const aWelcomed = once(a, "welcome", remaining(ctx), ["connect_error", "disconnect"]);
  try {
    await once(b, "welcome", remaining(ctx), ["connect_error", "disconnect"]);
    ctx.progress.b = "welcomed";
    await b.timeout(remaining(ctx)).emitWithAck("join", "r");
    ctx.progress.b = "joined";
    await aWelcomed;
    ctx.progress.a = "welcomed";
    const received = once(b, "room-msg", remaining(ctx));
    a.emit("to-room", "r", { from: "A", deep: [[Buffer.from([7, 8])]], n: 1.25 });
    return { received: describe(await received) };
  } finally {
    a.disconnect();
    b.disconnect();
  }
});
