// The reference: the bench contract (see ../README.md) on socket.io 4.8 with the default options.
// Usage: node --expose-gc server.js PORT        (blocks until killed)
// On SIGUSR2 it runs a full GC (when started with --expose-gc) and prints one JSON line
// {"memory":{rss,heapTotal,heapUsed,external,arrayBuffers}} to stdout, for run.sh.
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
const io = new Server(httpServer);

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

httpServer.listen(port, "127.0.0.1", () => {
  console.log(`socket.io ${require("socket.io/package.json").version} bench server listening on http://127.0.0.1:${port}/socket.io/`);
});
