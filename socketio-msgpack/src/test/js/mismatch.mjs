// A client whose parser is args.clientParser ("default" or "msgpack") connects to a server
// whose parser differs: the Java server at args.url, or, without args.url, the Node.js
// reference (socket.io 4.8) with args.serverParser started here. Reconnection is off; the
// result is what the client saw once its Engine.IO connection closed: the socket's first
// lifecycle event with its argument, and the manager's close reason.
import { createRequire } from "node:module";
import { createServer } from "node:http";
import { Server } from "socket.io";
import { io } from "socket.io-client";
import { runScenario, withTimeout, remaining, deferred } from "../../../../socketio-servlet/src/test/js/lib.mjs";

const require = createRequire(import.meta.url);
const msgpack = require("socket.io-msgpack-parser");

runScenario(async (args, ctx) => {
  let url = args.url;
  let server;
  let http;
  if (!url) {
    http = createServer();
    server = new Server(http, args.serverParser === "msgpack" ? { parser: msgpack } : {});
    server.on("connection", (s) => s.emit("welcome"));
    await new Promise((resolve) => http.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${http.address().port}`;
  }
  const opts = { transports: args.transports, forceNew: true, reconnection: false };
  if (args.clientParser === "msgpack") {
    opts.parser = msgpack;
  }
  const socket = io(url, opts);
  const events = [];
  for (const name of ["connect", "connect_error", "disconnect", "welcome"]) {
    socket.on(name, (arg) => events.push({ event: name, arg: arg instanceof Error ? arg.message : arg ?? null }));
  }
  const closed = deferred();
  socket.io.on("close", (reason) => closed.resolve(reason));
  try {
    const reason = await withTimeout(closed.promise, remaining(ctx), "the manager's close");
    return { managerClose: reason, events };
  } finally {
    socket.disconnect();
    if (server) {
      server.close();
    }
  }
});
