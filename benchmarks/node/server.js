// The reference: the bench contract (see ../README.md) on socket.io 4.8 with the default options.
// Usage: node --expose-gc server.js PORT        (blocks until killed)
// On SIGUSR2 it runs a full GC (when started with --expose-gc) and prints one JSON line
// {"memory":{rss,heapTotal,heapUsed,external,arrayBuffers}} to stdout, for run.sh.
// With BENCH_ADAPTER=redis (default: memory) and REDIS_URL (default redis://127.0.0.1:6379) it
// uses @socket.io/redis-adapter 8.3 (createAdapter with its defaults, ioredis clients), so that a
// broadcast reaches the clients of every node on the same Redis. With BENCH_RECOVERY=1,
// connection state recovery is on (its defaults).
"use strict";
const http = require("node:http");
const { Server } = require("socket.io");

const port = Number(process.argv[2] || 23001);
const MAX_COUNT = 100000;
const MAX_SIZE = 1048576;

function clamp(value, fallback, min, max) {
  const n = typeof value === "number" && !Number.isNaN(value) ? Math.floor(value) : fallback;
  return Math.max(min, Math.min(max, n));
}

const httpServer = http.createServer();
// BENCH_RECOVERY=1: connection state recovery on, with its defaults
const io = new Server(httpServer, process.env.BENCH_RECOVERY === "1"
  ? { connectionStateRecovery: {} } : {});
const adapterName = process.env.BENCH_ADAPTER || "memory";
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
let redisClients = [];
if (adapterName === "redis") {
  const { createAdapter } = require("@socket.io/redis-adapter");
  const { Redis } = require("ioredis");
  const pubClient = new Redis(redisUrl);
  const subClient = pubClient.duplicate();
  redisClients = [pubClient, subClient];
  io.adapter(createAdapter(pubClient, subClient));
} else if (adapterName !== "memory") {
  console.error(`unknown BENCH_ADAPTER ${adapterName} (memory, redis)`);
  process.exit(2);
}

io.on("connection", (socket) => {
  socket.on("bench:echo", (arg, ack) => {
    if (typeof ack === "function") ack(arg);
  });
  socket.on("bench:broadcast", (request, ack) => {
    const r = request && typeof request === "object" ? request : {};
    const count = clamp(r.count, 1, 1, MAX_COUNT);
    const size = clamp(r.size, 0, 0, MAX_SIZE);
    const pad = "x".repeat(size);
    for (let i = 0; i < count; i++) {
      io.emit("bench:msg", { t: Date.now(), i, pad });
    }
    if (typeof ack === "function") {
      ack({ count, size, clients: io.of("/").sockets.size });
    }
  });
});

process.on("SIGUSR2", () => {
  if (typeof global.gc === "function") global.gc();
  process.stdout.write(JSON.stringify({ memory: process.memoryUsage() }) + "\n");
});
process.on("SIGTERM", () => process.exit(0));

function listen() {
  httpServer.listen(port, "127.0.0.1", () => {
    const adapter = adapterName === "redis" ? ` adapter=redis ${redisUrl}` : "";
    console.log(`socket.io ${require("socket.io/package.json").version} bench server listening on http://127.0.0.1:${port}/socket.io/${adapter}`);
  });
}

// with Redis: listen once both clients answer a PING, sent after the adapter's PSUBSCRIBE on the
// same connection, so that a broadcast from another node reaches this one from the start
Promise.all(redisClients.map((c) => c.ping())).then(listen, (err) => {
  console.error(`redis: ${err}`);
  process.exit(1);
});
