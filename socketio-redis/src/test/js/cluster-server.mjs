// The feature fixture of docs/fixtures.md ("scripts/cluster-server PORT") written with the Node.js
// reference: socket.io 4.8 + @socket.io/redis-adapter 8.3 (createAdapter / createShardedAdapter,
// their defaults) or @socket.io/redis-streams-adapter 0.3.1 (createAdapter, its defaults) + ioredis,
// connection state recovery on. It is what the Java fixture must match; the mixed-cluster tests
// run it as a cluster node.
//   node cluster-server.mjs PORT      (env ADAPTER memory|redis|redis-sharded|redis-streams,
//                                      REDIS_URL, NODE_ID)
// Prints "listening on PORT" once it accepts connections; SIGTERM closes it.
// ADMIN=basic instruments it with @socket.io/admin-ui 0.5.1 (/admin, admin / changeit,
// development mode, serverId NODE_ID; with a Redis adapter, its RedisStore on REDIS_URL keeps the
// session ids, shared with the other nodes). PARSER=msgpack is not implemented here: the process exits
// with a message naming what it does not support.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { Redis } from "ioredis";
import { instrument, RedisStore } from "@socket.io/admin-ui";

const port = Number(process.argv[2] || 3000);
const adapterName = process.env.ADAPTER || "memory";
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const node = process.env.NODE_ID || String(port);

function refuse(what) {
  console.error(`cluster-server.mjs: ${what} is not supported by this Node.js fixture`);
  process.exit(2);
}
if (!["memory", "redis", "redis-sharded", "redis-streams"].includes(adapterName)) refuse(`ADAPTER=${adapterName}`);
const admin = process.env.ADMIN && process.env.ADMIN !== "default" ? process.env.ADMIN : null;
if (admin && admin !== "basic") refuse(`ADMIN=${admin}`);
if (process.env.PARSER && process.env.PARSER !== "default") refuse(`PARSER=${process.env.PARSER}`);

const options = {
  pingInterval: 2000,
  pingTimeout: 2000,
  connectionStateRecovery: { maxDisconnectionDuration: 120000, skipMiddlewares: true },
};
const clients = [];
if (adapterName === "redis" || adapterName === "redis-sharded") {
  const pub = new Redis(redisUrl);
  const sub = pub.duplicate();
  clients.push(pub, sub);
  options.adapter = adapterName === "redis" ? createAdapter(pub, sub) : createShardedAdapter(pub, sub);
} else if (adapterName === "redis-streams") {
  const client = new Redis(redisUrl);
  clients.push(client);
  options.adapter = createStreamsAdapter(client);
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

    // each event: its arguments (any may be missing), then the ack; the answer may be a promise
    const on = (event, handler) => socket.on(event, (...args) => {
      const ack = typeof args[args.length - 1] === "function" ? args.pop() : () => {};
      Promise.resolve().then(() => handler(...args)).then(ack, (e) => ack(errorOf(e)));
    });
    on("whoami", () => ({
      id: socket.id, rooms: sorted(socket.rooms), data: socket.data, node, recovered: socket.recovered,
    }));
    on("join", (room) => { socket.join(room); return "ok"; });
    on("leave", (room) => { socket.leave(room); return "ok"; });
    on("emit", (t, event, payload) => { target(nsp, t).emit(event, payload); return "ok"; });
    on("emit-with-ack", (t, event, payload, timeoutMs) => target(nsp, t).timeout(timeoutMs)
      .emitWithAck(event, payload).then((responses) => ({ responses })));
    on("fetch", (t) => target(nsp, t).fetchSockets().then((sockets) => sockets
      .map((s) => ({ id: s.id, rooms: sorted(s.rooms), data: s.data }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))));
    on("sockets-join", (t, room) => { target(nsp, t).socketsJoin(room); return "ok"; });
    on("sockets-leave", (t, room) => { target(nsp, t).socketsLeave(room); return "ok"; });
    on("disconnect-sockets", (t, close) => { target(nsp, t).disconnectSockets(close === true); return "ok"; });
    // the in-memory adapter has no other node to reach (socket.io would only warn that it does
    // not support serverSideEmit, and never answer): a one-node cluster answers with no responses
    const alone = adapterName === "memory";
    on("server-side-emit", (payload) => {
      if (!alone) nsp.serverSideEmit("cluster:event", payload);
      return "ok";
    });
    on("server-side-emit-with-ack", (payload, timeoutMs) => {
      if (alone) return { responses: [] };
      // Namespace.serverSideEmitWithAck has no timeout of its own (the adapter's requestsTimeout
      // applies): the fixture's timeoutMs bounds the wait on top of it
      let timer;
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("operation has timed out")), timeoutMs ?? 5000);
      });
      return Promise.race([nsp.serverSideEmitWithAck("cluster:event", payload), timeout])
        .then((responses) => ({ responses }))
        .finally(() => clearTimeout(timer));
    });
    on("server-events", () => serverEvents.slice());
    on("all-rooms", () => {
      if (typeof nsp.adapter.allRooms === "function") return nsp.adapter.allRooms().then(sorted);
      if (adapterName === "memory") return sorted(nsp.adapter.rooms.keys()); // one node: all rooms
      return { error: "unsupported by this adapter" };
    });
  });
}

/** The Redis client of the admin session store (its own, closed with the others). */
function adminRedis() {
  const client = new Redis(redisUrl);
  clients.push(client);
  return client;
}

if (admin) {
  // the bcrypt hash of "changeit"
  instrument(io, {
    auth: { type: "basic", username: "admin",
      password: "$2b$10$PkXuFN1d2ydou6Ig8OcrKeB4fXIjyz5OyECoNIULPEbYkE.rXFcL." },
    mode: "development", readonly: false, serverId: node,
    ...(adapterName === "memory" ? {} : { store: new RedisStore(adminRedis()) }),
  });
}
setup(io.of("/"));
setup(io.of("/custom"));

// the cluster adapters subscribe asynchronously: "listening" is printed once this node's own
// channel of each namespace is subscribed (other nodes count it from then on)
async function subscribed() {
  if (adapterName !== "redis-sharded" && adapterName !== "redis-streams") return;
  const probe = new Redis(redisUrl);
  const command = adapterName === "redis-sharded" ? "SHARDNUMSUB" : "NUMSUB";
  try {
    for (const name of admin ? ["/", "/custom", "/admin"] : ["/", "/custom"]) {
      const channel = `socket.io#${name}#${io.of(name).adapter.uid}#`;
      for (let i = 0; ; i++) {
        const [, n] = await probe.call("PUBSUB", command, channel);
        if (Number(n) >= 1) break;
        if (i > 500) throw new Error(`${channel} not subscribed`);
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  } finally {
    probe.disconnect();
  }
}
subscribed().then(() => http.listen(port,
  () => console.log(`cluster-server.mjs ${node} (${adapterName}) listening on ${port}`)));

process.on("SIGTERM", () => {
  io.close(() => {
    for (const c of clients) c.disconnect();
    process.exit(0);
  });
  setTimeout(() => process.exit(0), 3000).unref();
});
