// A client with socket.io-msgpack-parser connects, then writes args.hex as a raw binary
// Engine.IO message (bypassing its encoder): prints how its connection ended.
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { runScenario, once, remaining } from "../../../../socketio-servlet/src/test/js/lib.mjs";

const require = createRequire(import.meta.url);
const parser = require("socket.io-msgpack-parser");

runScenario(async (args, ctx) => {
  const s = io(args.url, { transports: args.transports, parser, forceNew: true, reconnection: false });
  try {
    await once(s, "connect", remaining(ctx), ["connect_error", "disconnect"]);
    const ended = once(s, "disconnect", remaining(ctx));
    s.io.engine.write(Buffer.from(args.hex, "hex"));
    return { reason: await ended };
  } finally {
    s.disconnect();
  }
});
