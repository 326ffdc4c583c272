// Echo over long-polling as a Node.js application sees it: the official socket.io-client with
// transports ["polling"] and its default options (so, in Node, no http agent: a new TCP
// connection and "Connection: close" for every request), N clients in a closed loop of
// emitWithAck("bench:echo"), one JSON line with acks/s, per-ack latency quantiles (µs) and a
// histogram in 1 ms buckets (buckets with at least 0.1% of the acks, "ms:count").
// Usage: node polling-echo.js URL [clients=50] [seconds=10] [warmup-seconds=0]
// AGENT=global uses Node's global keep-alive agent instead (two connections per client).
"use strict";
const http = require("node:http");
const { io } = require("socket.io-client");

const url = process.argv[2] || "http://127.0.0.1:23000";
const clients = Number(process.argv[3] || 50);
const seconds = Number(process.argv[4] || 10);
const warmup = Number(process.argv[5] || 0);

const latencies = [];
const sockets = [];
let measuring = false;
let stopped = false;
let errors = 0;
let connected = 0;

function loop(socket) {
  if (stopped) return;
  const t0 = process.hrtime.bigint();
  socket.timeout(5000).emitWithAck("bench:echo", "x").then(() => {
    if (measuring) latencies.push(Number(process.hrtime.bigint() - t0) / 1e3);
    loop(socket);
  }, () => {
    errors++;
    loop(socket);
  });
}

function report() {
  stopped = true;
  measuring = false;
  latencies.sort((a, b) => a - b);
  const q = (p) => Math.round(latencies[Math.min(latencies.length - 1,
    Math.floor(p * latencies.length))] || 0);
  const buckets = new Map();
  for (const v of latencies) {
    const b = Math.floor(v / 1000);
    buckets.set(b, (buckets.get(b) || 0) + 1);
  }
  const hist = [...buckets].filter(([, c]) => c >= latencies.length * 0.001)
    .sort((a, b) => a[0] - b[0]).map(([b, c]) => `${b}:${c}`).join(" ");
  console.log(JSON.stringify({
    clients, seconds, acksPerSec: Math.round(latencies.length / seconds),
    p50us: q(0.5), p90us: q(0.9), p99us: q(0.99), p999us: q(0.999),
    maxUs: Math.round(latencies[latencies.length - 1] || 0), errors, histMs: hist,
  }));
  sockets.forEach((s) => s.close());
  setTimeout(() => process.exit(0), 200);
}

function start() {
  sockets.forEach(loop);
  setTimeout(() => {
    measuring = true;
    setTimeout(report, seconds * 1000);
  }, warmup * 1000);
}

for (let i = 0; i < clients; i++) {
  const options = { transports: ["polling"], forceNew: true, reconnection: false };
  if (process.env.AGENT === "global") options.agent = http.globalAgent;
  const socket = io(url, options);
  sockets.push(socket);
  socket.on("connect", () => {
    if (++connected === clients) start();
  });
  socket.on("connect_error", (e) => {
    console.error(`connect_error: ${e.message}`);
    process.exit(1);
  });
}
