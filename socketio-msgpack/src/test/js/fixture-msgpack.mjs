// The feature fixture (scripts/cluster-server) with PARSER=msgpack, as a client with
// socket.io-msgpack-parser sees it: the welcome event, then whoami's and join's acks.
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { runScenario, once, remaining } from "../../../../socketio-servlet/src/test/js/lib.mjs";
import { describe } from "./values.mjs";

const require = createRequire(import.meta.url);
const parser = require("socket.io-msgpack-parser");

runScenario(async (args, ctx) => {
  const s = io(args.url, { transports: args.transports, parser, forceNew: true,
    reconnection: false, auth: { user: "ann", room: "r1" } });
  try {
    const welcome = await once(s, "welcome", remaining(ctx), ["connect_error", "disconnect"]);
    const joined = await s.timeout(remaining(ctx)).emitWithAck("join", "r2");
    const whoami = await s.timeout(remaining(ctx)).emitWithAck("whoami");
    return { welcome: describe(welcome), joined, whoami: describe(whoami), id: s.id };
  } finally {
    s.disconnect();
  }
});
