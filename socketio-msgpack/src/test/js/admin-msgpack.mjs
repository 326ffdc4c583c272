// The Admin UI's connection with its "msgpack" parser option (a socket.io-client with
// socket.io-msgpack-parser on the admin namespace, as the UI makes it): the config, the server
// statistics and the sockets it is sent, while an ordinary msgpack client is connected.
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { runScenario, once, remaining } from "../../../../socketio-servlet/src/test/js/lib.mjs";
import { describe } from "./values.mjs";

const require = createRequire(import.meta.url);
const parser = require("socket.io-msgpack-parser");

runScenario(async (args, ctx) => {
  const opts = { transports: ["websocket"], parser, forceNew: true, reconnection: false };
  const user = io(args.url, { ...opts, auth: { name: "u" } });
  let admin;
  try {
    await once(user, "connect", remaining(ctx), ["connect_error", "disconnect"]);
    // the listeners are there before the connection can deliver anything
    admin = io(args.url + "/admin", opts);
    const config = once(admin, "config", remaining(ctx), ["connect_error", "disconnect"]);
    const stats = once(admin, "server_stats", remaining(ctx), ["connect_error", "disconnect"]);
    const sockets = once(admin, "all_sockets", remaining(ctx), ["connect_error", "disconnect"]);
    const allSockets = await sockets;
    return {
      config: describe(await config),
      stats: describe(await stats),
      sockets: describe(allSockets).map((s) => ({ id: s.id, nsp: s.nsp })),
      userId: user.id,
    };
  } finally {
    admin?.disconnect();
    user.disconnect();
  }
});
