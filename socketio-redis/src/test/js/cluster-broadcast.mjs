// A Node.js socket.io 4.8 node with @socket.io/redis-adapter 8.3 (createAdapter, defaults) on the
// same Redis as the Java node under test, plus socket.io-client clients on both nodes and a raw
// Redis subscriber recording what goes over the broadcast channels.
// Argument: {"redis": "redis://127.0.0.1:P", "javaUrl": "http://127.0.0.1:Q", "timeoutMs": 20000}
// Prints one JSON line: {"ok":true, "events": {client: [{ev, args}...]}, "wire": [...], "nodeIds": {...}}
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { createAdapter } from "@socket.io/redis-adapter";
import Redis from "ioredis";

const require = createRequire(import.meta.url);
const notepack = require("notepack.io");
const args = JSON.parse(process.argv[2] || "{}");
const log = (...m) => console.error(new Date().toISOString(), ...m);
const closers = [];

function finish(result) {
  console.log(JSON.stringify(result));
  Promise.allSettled(closers.reverse().map((c) => c())).finally(() => process.exit(0));
}
let step = "start";
const seen = {};
const watchdog = setTimeout(() => finish({ ok: false, error: "timeout in step: " + step, seen }), args.timeoutMs || 20000);

function describe(v) {
  if (v === undefined) return { undefined: true };
  if (v === null) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { buffer: [...v] };
  if (v instanceof ArrayBuffer) return { buffer: [...new Uint8Array(v)] };
  if (Array.isArray(v)) return v.map(describe);
  if (typeof v === "object") {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = describe(x);
    return out;
  }
  return v;
}

const until = (what, cond) => new Promise((resolve) => {
  const check = () => (cond() ? resolve() : setTimeout(check, 10));
  step = what;
  check();
});

try {
  // the raw subscriber: pattern subscriptions are not counted by PUBSUB NUMSUB
  const raw = new Redis(args.redis);
  closers.push(() => raw.quit());
  const wire = [];
  raw.on("pmessageBuffer", (pattern, channel, message) => {
    let decoded;
    try {
      decoded = describe(notepack.decode(message));
    } catch (e) {
      decoded = { undecodable: String(e.message) };
    }
    wire.push({ channel: channel.toString(), message: decoded, hex: message.toString("hex") });
  });
  await raw.psubscribe("socket.io#*");

  const pub = new Redis(args.redis);
  const sub = pub.duplicate();
  closers.push(() => pub.quit(), () => sub.quit());
  const http = createServer();
  const io = new Server(http, { adapter: createAdapter(pub, sub) });
  closers.push(() => new Promise((r) => io.close(() => r())));
  const onConnection = (socket) => {
    if (typeof socket.handshake.auth.room === "string") socket.join(socket.handshake.auth.room);
    socket.emit("welcome", socket.id);
  };
  io.on("connection", onConnection);
  io.of("/custom").on("connection", onConnection);
  await new Promise((r) => http.listen(0, "127.0.0.1", r));
  const nodeUrl = "http://127.0.0.1:" + http.address().port;
  log("node node on", nodeUrl);

  let count = 0;
  const countNodes = async () => {
    count = Math.min(await io.of("/").adapter.serverCount(), await io.of("/custom").adapter.serverCount());
  };
  step = "both nodes subscribed";
  while (count < 2) await countNodes();

  const events = seen;
  const clients = {};
  const ids = {};
  async function client(name, url, room, nsp = "/") {
    if (nsp !== "/") url += nsp;
    const c = connect(url, { transports: ["websocket"], auth: room ? { room } : {}, forceNew: true, reconnection: false });
    events[name] = [];
    c.onAny((ev, ...a) => { if (ev !== "welcome") events[name].push({ ev, args: describe(a) }); });
    closers.push(() => c.close());
    ids[name] = await new Promise((resolve, reject) => {
      c.once("welcome", resolve);
      c.once("connect_error", reject);
    });
    clients[name] = c;
  }
  step = "clients connect";
  await client("javaA", args.javaUrl, "room1");
  await client("javaB", args.javaUrl, null);
  await client("nodeC", nodeUrl, "room1");
  await client("nodeD", nodeUrl, null);
  await client("javaX", args.javaUrl, "room1", "/custom");
  await client("nodeY", nodeUrl, null, "/custom");
  const names = Object.keys(clients);
  const got = (ev) => () => names.every((n) => events[n].some((e) => e.ev === ev));

  // A: Node.js broadcasts, Java clients receive
  io.to("room1").emit("n-room", "hi", Buffer.from([1, 2, 3]), { nested: Buffer.from([4]) });
  io.except("room1").emit("n-except", 1.5);
  io.of("/custom").to("room1").emit("n-custom", Buffer.from([9]));
  io.compress(false).volatile.emit("n-flags");
  io.emit("n-fence");
  io.of("/custom").emit("n-fence");
  await until("n-fence everywhere", got("n-fence"));

  // B: the Java node broadcasts (a Java client asks it to), Node.js clients receive
  const relay = (target) => clients.javaB.timeout(5000).emitWithAck("relay", target);
  step = "relays";
  await relay({ rooms: ["room1"], event: "j-room", args: ["hey", Buffer.from([5, 6]), { deep: [Buffer.from([7])] }] });
  await relay({ except: ["room1"], event: "j-except", args: [2, 2.5, null, true, "é"] });
  await relay({ local: true, event: "j-local", args: [] });
  await relay({ volatile: true, compress: false, event: "j-volatile", args: [] });
  await relay({ except: [ids.nodeC, ids.javaA], event: "j-except-ids", args: [] });
  await relay({ rooms: ["room1", ids.nodeD], event: "j-rooms", args: [] });
  await relay({ nsp: "/custom", event: "j-custom", args: [] });
  await relay({ event: "j-fence", args: [] });
  await relay({ nsp: "/custom", event: "j-fence", args: [] });
  await until("j-fence everywhere", got("j-fence"));
  // the raw subscriber subscribed before everything: it has seen j-fence once it is in the log
  await until("j-fence on the wire", () => wire.some((w) => JSON.stringify(w.message).includes("j-fence")));

  clearTimeout(watchdog);
  finish({ ok: true, events, ids, wire });
} catch (e) {
  clearTimeout(watchdog);
  finish({ ok: false, error: "in step " + step + ": " + String(e && e.stack || e) });
}
