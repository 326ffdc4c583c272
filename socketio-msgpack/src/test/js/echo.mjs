// One client with socket.io-msgpack-parser: emits "echo" with a binary inside and prints the
// ack's arguments (see values.mjs).
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { runScenario, once, remaining } from "../../../../socketio-servlet/src/test/js/lib.mjs";
import { describe } from "./values.mjs";

const require = createRequire(import.meta.url);
const parser = require("socket.io-msgpack-parser");

runScenario(async (args, ctx) => {
  const s = io(args.url, { transports: ["websocket"], parser, forceNew: true, reconnection: false });
  try {
    await once(s, "connect", remaining(ctx), ["connect_error", "disconnect"]);
    const acked = await new Promise((resolve, reject) => s.timeout(remaining(ctx)).emit("echo",
      { bin: Buffer.from([1, 2]), n: 2 }, "two", (err, ...values) => (err ? reject(err) : resolve(values))));
    return { acked: describe(acked) };
  } finally {
    s.disconnect();
  }
});
