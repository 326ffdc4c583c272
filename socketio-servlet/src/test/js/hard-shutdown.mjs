// Clients of a server that shuts down (SocketIoServer.close()): used by the hardening
// ShutdownTest. Connects `transports.length` official socket.io-client clients (one per entry,
// "websocket" or "polling"), waits until the server has closed them all, and reports how each
// learned it and whether it started reconnecting.
//
// Args (JSON, argv[2]):
//   url         the server, e.g. "http://127.0.0.1:8080"                     (required)
//   transports  e.g. ["websocket","polling"]                                (required)
//   timeoutMs   watchdog (default 15000)
//
// Result: {"ok":true, "clients":[{transport, id, reason, attempts}]}: reason is the
// disconnect reason, attempts the reconnection attempts seen after it (at least 1 each).
import { io } from "socket.io-client";
import { runScenario, log, deferred, withTimeout, remaining } from "./lib.mjs";

runScenario(async (args, ctx) => {
  if (!args.url || !Array.isArray(args.transports)) {
    throw new Error("args.url and args.transports are required");
  }
  const clients = args.transports.map((transport) => {
    const record = { transport, id: null, reason: null, attempts: 0 };
    const connected = deferred();
    const reconnecting = deferred();
    const socket = io(args.url, {
      transports: [transport],
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
      randomizationFactor: 0,
    });
    socket.on("connect", () => {
      if (record.id === null) {
        record.id = socket.id;
        connected.resolve();
      }
    });
    socket.on("connect_error", (e) => log(transport, "connect_error", e.message));
    socket.on("disconnect", (reason) => {
      log(transport, record.id, "disconnect", reason);
      if (record.reason === null) {
        record.reason = reason;
      }
    });
    socket.io.on("reconnect_attempt", (n) => {
      if (record.reason !== null) {
        record.attempts = n;
        reconnecting.resolve();
      }
    });
    return { socket, record, connected, reconnecting };
  });
  ctx.progress.clients = clients.map((c) => c.record);
  await withTimeout(Promise.all(clients.map((c) => c.connected.promise)), remaining(ctx),
    "every client connected");
  log("all connected; waiting for the server to shut down");
  await withTimeout(Promise.all(clients.map((c) => c.reconnecting.promise)), remaining(ctx),
    "every client disconnected and reconnecting");
  for (const c of clients) {
    c.socket.io.reconnection(false);
    c.socket.close();
  }
  return { clients: clients.map((c) => c.record) };
});
