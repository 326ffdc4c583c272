// The feature fixture of docs/fixtures.md ("scripts/cluster-server PORT") written with the Node.js
// reference: socket.io 4.8 + @socket.io/redis-adapter 8.3 (createAdapter, its defaults) + ioredis.
// It is what the Java fixture must match; the mixed-cluster tests run it as a cluster node.
//   node cluster-server.mjs PORT      (env ADAPTER memory|redis, REDIS_URL, NODE_ID)
// Prints "listening on PORT" once it accepts connections; SIGTERM closes it.
// ADAPTER redis-sharded / redis-streams, ADMIN and PARSER=msgpack are not implemented here: the
// process exits with a message naming what it does not support.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";

const port = Number(process.argv[2] || 3000);
const adapterName = process.env.ADAPTER || "memory";
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const node = process.env.NODE_ID || String(port);

function refuse(what) {
  console.error(`cluster-server.mjs: ${what} is not supported by this Node.js fixture`);
  process.exit(2);
}
if (!["memory", "redis"].includes(adapterName)) refuse(`ADAPTER=${adapterName}`);
if (process.env.ADMIN) refuse(`ADMIN=${process.env.ADMIN}`);
if (process.env.PARSER && process.env.PARSER !== "default") refuse(`PARSER=${process.env.PARSER}`);

const options = {
  pingInterval: 2000,
  pingTimeout: 2000,
  connectionStateRecovery: { maxDisconnectionDuration: 120000, skipMiddlewares: true },
};
const clients = [];
if (adapterName === "redis") {
  const pub = new Redis(redisUrl);
  const sub = pub.duplicate();
  clients.push(pub, sub);
  options.adapter = createAdapter(pub, sub);
}

const http = createServer();
const io = new Server(http, options);

const sorted = (set) => [...set].sort();
const errorOf = (e) => ({ error: e && e.message ? e.message : String(e) });

/** `to(rooms).except(except)[.local][.volatile]` of the namespace. */
function target(nsp, t) {
  let op = nsp.to(t && t.rooms ? t.rooms : []).except(t && t.except ? t.except : []);
  if (t && t.local) op = op.local;
  if (t && t.volatile) op = op.volatile;
  return op;
}

function setup(nsp) {
  const serverEvents = [];
  nsp.on("cluster:event", (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    serverEvents.push(args);
    if (ack) ack({ node, args });
  });

  nsp.on("connection", (socket) => {
    if (!socket.recovered) {
      const auth = socket.handshake.auth || {};
      socket.data = { node, user: auth.user === undefined ? null : auth.user };
      if (typeof auth.room === "string") socket.join(auth.room);
    }
    socket.emit("welcome", { id: socket.id, node, recovered: socket.recovered });

    socket.on("whoami", (ack) => ack({
      id: socket.id, rooms: sorted(socket.rooms), data: socket.data, node, recovered: socket.recovered,
    }));
    socket.on("join", (room, ack) => { socket.join(room); ack("ok"); });
    socket.on("leave", (room, ack) => { socket.leave(room); ack("ok"); });
    socket.on("emit", (t, event, payload, ack) => { target(nsp, t).emit(event, payload); ack("ok"); });
    socket.on("emit-with-ack", (t, event, payload, timeoutMs, ack) => {
      target(nsp, t).timeout(timeoutMs).emitWithAck(event, payload)
        .then((responses) => ack({ responses }), (e) => ack(errorOf(e)));
    });
    socket.on("fetch", (t, ack) => {
      target(nsp, t).fetchSockets().then(
        (sockets) => ack(sockets
          .map((s) => ({ id: s.id, rooms: sorted(s.rooms), data: s.data }))
          .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))),
        (e) => ack(errorOf(e)));
    });
    socket.on("sockets-join", (t, room, ack) => { target(nsp, t).socketsJoin(room); ack("ok"); });
    socket.on("sockets-leave", (t, room, ack) => { target(nsp, t).socketsLeave(room); ack("ok"); });
    socket.on("disconnect-sockets", (t, close, ack) => {
      target(nsp, t).disconnectSockets(close === true);
      ack("ok");
    });
    socket.on("server-side-emit", (payload, ack) => { nsp.serverSideEmit("cluster:event", payload); ack("ok"); });
    socket.on("server-side-emit-with-ack", (payload, timeoutMs, ack) => {
      // Namespace.serverSideEmitWithAck has no timeout of its own (the adapter's requestsTimeout
      // applies): the fixture's timeoutMs bounds the wait on top of it
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("operation has timed out")), timeoutMs);
      });
      Promise.race([nsp.serverSideEmitWithAck("cluster:event", payload), timeout])
        .then((responses) => ack({ responses }), (e) => ack(errorOf(e)))
        .finally(() => clearTimeout(timer));
    });
    socket.on("server-events", (ack) => ack(serverEvents.slice()));
    socket.on("all-rooms", (ack) => {
      if (typeof nsp.adapter.allRooms === "function") {
        nsp.adapter.allRooms().then((rooms) => ack(sorted(rooms)), (e) => ack(errorOf(e)));
      } else if (adapterName === "memory") {
        ack(sorted(nsp.adapter.rooms.keys())); // one node: its rooms are all the rooms
      } else {
        ack({ error: "unsupported by this adapter" });
      }
    });
  });
}

setup(io.of("/"));
setup(io.of("/custom"));

http.listen(port, () => console.log(`cluster-server.mjs ${node} (${adapterName}) listening on ${port}`));

process.on("SIGTERM", () => {
  io.close(() => {
    for (const c of clients) c.disconnect();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 3000).unref();
});
