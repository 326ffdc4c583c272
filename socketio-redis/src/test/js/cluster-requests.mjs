// The request/response half of the classic adapter between a Node.js node (socket.io 4.8 +
// @socket.io/redis-adapter 8.3, defaults) and the Java node under test, on one Redis: server-side
// events (with and without acks), fetchSockets, socketsJoin/Leave, disconnectSockets, allRooms and
// broadcasts with acks, each way. The Java node is driven through its "op" event (see
// RedisNodeRequestsTest). Argument: {"redis", "javaUrl", "timeoutMs"}. Prints one JSON line.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { createAdapter } from "@socket.io/redis-adapter";
import Redis from "ioredis";

const args = JSON.parse(process.argv[2] || "{}");
const log = (...m) => console.error(new Date().toISOString(), ...m);
const closers = [];
const out = {};
let stepName = "start";
const t0 = Date.now();
const timings = [];
// every step is timed: out.timings shows where the time goes
const setStep = (name) => { timings.push([stepName, Date.now() - t0]); stepName = name; };

function finish(result) {
  console.log(JSON.stringify(result));
  Promise.allSettled(closers.reverse().map((c) => c())).finally(() => process.exit(0));
}
const watchdog = setTimeout(() => finish({ ok: false, error: "timeout in step: " + stepName, out }), args.timeoutMs || 20000);

function describe(v) {
  if (v === undefined) return { undefined: true };
  if (v === null) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { buffer: [...v] };
  if (v instanceof ArrayBuffer) return { buffer: [...new Uint8Array(v)] };
  if (v instanceof Error) return { error: v.message };
  if (Array.isArray(v)) return v.map(describe);
  if (typeof v === "object") {
    const o = {};
    for (const [k, x] of Object.entries(v)) o[k] = describe(x);
    return o;
  }
  return v;
}
const until = (what, cond) => new Promise((resolve, reject) => {
  setStep(what);
  const check = () => Promise.resolve(cond()).then((ok) => (ok ? resolve() : setTimeout(check, 20)), reject);
  check();
});
const sortedRooms = (s) => ({ id: s.id, rooms: [...s.rooms].sort(), data: s.data });

try {
  // which response channels are used (pattern subscriptions are not counted by NUMSUB)
  const raw = new Redis(args.redis);
  closers.push(() => raw.quit());
  const responseChannels = new Set();
  raw.on("pmessageBuffer", (pattern, channel) => responseChannels.add(channel.toString()));
  await raw.psubscribe("socket.io-response#*");
  const pub = new Redis(args.redis);
  const sub = pub.duplicate();
  closers.push(() => pub.quit(), () => sub.quit());
  const http = createServer();
  const io = new Server(http, { adapter: createAdapter(pub, sub, { publishOnSpecificResponseChannel: !!args.specific }) });
  closers.push(() => new Promise((r) => io.close(() => r())));
  const nodeEvents = [];
  io.on("cluster:event", (...a) => {
    const cb = typeof a[a.length - 1] === "function" ? a.pop() : null;
    nodeEvents.push(describe(a));
    if (cb) cb({ node: "node", args: a });
  });
  io.on("connection", (socket) => {
    socket.data = { node: "node" };
    if (typeof socket.handshake.auth.room === "string") socket.join(socket.handshake.auth.room);
    socket.emit("welcome", socket.id);
  });
  await new Promise((r) => http.listen(0, "127.0.0.1", r));
  const nodeUrl = "http://127.0.0.1:" + http.address().port;
  setStep("both nodes subscribed");
  while ((await io.of("/").adapter.serverCount()) < 2);

  const clients = {};
  const ids = {};
  const disconnects = {};
  async function client(name, url, room) {
    const c = connect(url, { transports: ["websocket"], auth: room ? { room } : {}, forceNew: true, reconnection: false });
    c.on("ask", (x, cb) => cb(name + ":" + x));
    c.on("disconnect", (reason) => { disconnects[name] = reason; });
    closers.push(() => c.close());
    ids[name] = await new Promise((resolve, reject) => {
      c.once("welcome", resolve);
      c.once("connect_error", reject);
    });
    clients[name] = c;
  }
  setStep("clients connect");
  await client("javaA", args.javaUrl, "room1");
  await client("javaB", args.javaUrl, null);
  await client("javaE", args.javaUrl, null);
  await client("nodeC", nodeUrl, "room1");
  await client("nodeD", nodeUrl, null);
  await client("nodeF", nodeUrl, null);
  out.ids = ids;
  const op = (o) => clients.javaB.timeout(8000).emitWithAck("op", o);

  // server-side events, Node -> Java
  setStep("node serverSideEmit");
  io.serverSideEmit("cluster:event", "from-node", 1, { a: [true] });
  await until("java got the server-side event", async () => (await op({ op: "server-events" })).length > 0);
  out.javaEvents = await op({ op: "server-events" });
  setStep("node serverSideEmitWithAck");
  out.nodeSseAck = describe(await io.serverSideEmitWithAck("cluster:event", "ask-java"));

  // server-side events, Java -> Node (with a binary: the Java node sends notepack then)
  await op({ op: "server-side-emit", payload: ["from-java", Buffer.from([1, 2])] });
  await until("node got the server-side event", () => nodeEvents.length > 0);
  out.javaSseAck = await op({ op: "server-side-emit-with-ack", payload: ["ask-node"], timeoutMs: 5000 });
  out.nodeEvents = nodeEvents;

  // fetchSockets both ways
  setStep("node fetchSockets");
  const fetched = await io.in("room1").fetchSockets();
  out.nodeFetch = fetched.map(sortedRooms).sort((a, b) => (a.id < b.id ? -1 : 1));
  out.nodeFetchHandshake = describe(fetched.find((s) => s.id === ids.javaA).handshake);
  out.javaFetch = await op({ op: "fetch", target: { rooms: ["room1"] } });
  out.javaFetchAll = await op({ op: "fetch", target: { except: ["room1"] } });

  // socketsJoin / socketsLeave both ways
  setStep("node socketsJoin");
  io.in(ids.javaA).socketsJoin("joined-by-node");
  await until("javaA in joined-by-node", async () => (await clients.javaA.timeout(5000).emitWithAck("whoami")).includes("joined-by-node"));
  io.in("joined-by-node").socketsLeave("room1");
  await until("javaA left room1", async () => !(await clients.javaA.timeout(5000).emitWithAck("whoami")).includes("room1"));
  out.javaARooms = await clients.javaA.timeout(5000).emitWithAck("whoami");
  await op({ op: "sockets-join", target: { rooms: [ids.nodeD] }, room: "joined-by-java" });
  await until("nodeD in joined-by-java", () => io.of("/").adapter.rooms.get("joined-by-java")?.has(ids.nodeD));
  await op({ op: "sockets-leave", target: { rooms: [ids.nodeD] }, room: "joined-by-java" });
  await until("nodeD left joined-by-java", () => !io.of("/").adapter.rooms.get("joined-by-java"));

  // allRooms: the Java node answers
  setStep("allRooms");
  out.allRooms = [...(await io.of("/").adapter.allRooms())].sort();
  out.javaAllRooms = await op({ op: "all-rooms" });

  // broadcasts with acks both ways
  setStep("node emitWithAck");
  out.nodeAcks = (await io.timeout(5000).emitWithAck("ask", "n")).sort();
  out.javaAcks = await op({ op: "emit-with-ack", target: {}, event: "ask", payload: "j", timeoutMs: 5000 });

  // disconnectSockets both ways
  io.in(ids.javaE).disconnectSockets(true);
  await until("javaE disconnected", () => disconnects.javaE);
  await op({ op: "disconnect-sockets", target: { rooms: [ids.nodeF] }, close: false });
  await until("nodeF disconnected", () => disconnects.nodeF);
  out.disconnects = { ...disconnects };

  clearTimeout(watchdog);
  out.nodeUid = io.of("/").adapter.uid;
  out.responseChannels = [...responseChannels].sort();
  setStep("end");
  finish({ ok: true, ...out, timings });
} catch (e) {
  clearTimeout(watchdog);
  finish({ ok: false, error: "in step " + stepName + ": " + String(e && e.stack || e), out });
}
