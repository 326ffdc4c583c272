// A Node.js socket.io 4.8 node with @socket.io/redis-adapter 8.3 createShardedAdapter (SSUBSCRIBE /
// SPUBLISH) next to the Java node under test, on one standalone Redis 7 or a Redis Cluster, with
// socket.io-client clients on both nodes. Broadcasts cross both ways (rooms, except, socket ids,
// binaries); with scope "all" also every request: server-side events with and without acks,
// fetchSockets, socketsJoin/Leave (and broadcasts to the joined rooms), broadcasts with acks and
// disconnectSockets. The Java node is driven through its "relay" and "op" events (see
// ShardedNodeScenario.java). With scope "broadcast" a raw subscriber also records what goes over
// the namespace, room and socket-id channels (it counts in SHARDNUMSUB, so not with requests).
// Argument: {"redis": "redis://127.0.0.1:P" | "cluster": [P1, P2, P3], "javaUrl", "mode",
//            "scope": "broadcast" | "all", "rooms": ["room1", ...], "timeoutMs"}
// Prints one JSON line: {"ok":true, "events", "ids", "wire", "nodeUid", ...}.
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { createShardedAdapter } from "@socket.io/redis-adapter";
import Redis, { Cluster } from "ioredis";

const require = createRequire(import.meta.url);
const notepack = require("notepack.io");
const args = JSON.parse(process.argv[2] || "{}");
const mode = args.mode || "dynamic";
const rooms = args.rooms || ["room1"];
const log = (...m) => console.error(new Date().toISOString(), ...m);
const closers = [];
const out = {};
let stepName = "start";
const t0 = Date.now();
const timings = [];
const setStep = (name) => { timings.push([stepName, Date.now() - t0]); stepName = name; log(name); };

function finish(result) {
  console.log(JSON.stringify(result));
  Promise.allSettled(closers.reverse().map((c) => c())).finally(() => process.exit(0));
}
const watchdog = setTimeout(() => finish({ ok: false, error: "timeout in step: " + stepName, out }), args.timeoutMs || 30000);

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

// on a cluster, subscribers need ioredis's sharded subscribers (one connection per master)
const newClient = (subscriber) => (args.cluster
  ? new Cluster(args.cluster.map((port) => ({ host: "127.0.0.1", port })), { shardedSubscribers: subscriber })
  : new Redis(args.redis));

try {
  const pub = newClient(false);
  const sub = newClient(true);
  closers.push(() => pub.quit(), () => sub.quit());
  // PUBSUB SHARDNUMSUB, summed over the masters of a cluster
  const numsub = async (channel) => {
    const nodes = args.cluster ? pub.nodes("master") : [pub];
    let n = 0;
    for (const node of nodes) n += Number((await node.call("PUBSUB", "SHARDNUMSUB", channel))[1]);
    return n;
  };

  const wire = [];
  let raw = null;
  if (args.scope === "broadcast") {
    raw = newClient(true);
    closers.push(() => raw.quit());
    raw.on("smessageBuffer", (channel, message) => {
      let decoded;
      let format;
      try {
        format = message[0] === 0x7b ? "json" : "notepack";
        decoded = describe(format === "json" ? JSON.parse(message.toString()) : notepack.decode(message));
      } catch (e) {
        decoded = { undecodable: String(e.message) };
      }
      wire.push({ channel: channel.toString(), format, message: decoded });
    });
    for (const ch of ["socket.io#/#", ...rooms.map((r) => `socket.io#/#${r}#`)]) await raw.ssubscribe(ch);
  }
  const observers = raw ? 1 : 0;

  const http = createServer();
  const io = new Server(http, { adapter: createShardedAdapter(pub, sub, { subscriptionMode: mode }) });
  closers.push(() => new Promise((r) => io.close(() => r())));
  const nodeEvents = [];
  io.on("cluster:event", (...a) => {
    const cb = typeof a[a.length - 1] === "function" ? a.pop() : null;
    nodeEvents.push(describe(a));
    if (cb) cb({ node: "node", args: a });
  });
  io.on("connection", (socket) => {
    socket.data = { node: "node", bin: Buffer.from([6]) };
    if (socket.handshake.auth.rooms) socket.join(socket.handshake.auth.rooms);
    socket.emit("welcome", socket.id);
  });
  await new Promise((r) => http.listen(0, "127.0.0.1", r));
  const nodeUrl = "http://127.0.0.1:" + http.address().port;
  out.nodeUid = io.of("/").adapter.uid;
  await until("both nodes subscribed", async () => (await io.of("/").adapter.serverCount()) >= 2 + observers);

  const events = {};
  const clients = {};
  const ids = {};
  const disconnects = {};
  async function client(name, url, joined) {
    const c = connect(url, { transports: ["websocket"], auth: joined ? { rooms: joined } : {}, forceNew: true, reconnection: false });
    events[name] = [];
    c.onAny((ev, ...a) => { if (ev !== "welcome") events[name].push({ ev, args: describe(a) }); });
    c.on("ask", (x, cb) => cb({ who: name + ":" + x, bin: Buffer.from([7]) }));
    c.on("disconnect", (reason) => { disconnects[name] = reason; });
    closers.push(() => c.close());
    ids[name] = await new Promise((resolve, reject) => {
      c.once("welcome", resolve);
      c.once("connect_error", reject);
    });
    clients[name] = c;
  }
  setStep("clients connect");
  await client("javaA", args.javaUrl, rooms);
  await client("javaB", args.javaUrl, null);
  await client("nodeC", nodeUrl, rooms);
  await client("nodeD", nodeUrl, null);
  out.ids = ids;
  const names = Object.keys(clients);
  const got = (ev) => () => names.every((n) => events[n].some((e) => e.ev === ev));
  if (raw && mode === "dynamic-private") {
    for (const n of ["javaB", "nodeD"]) await raw.ssubscribe(`socket.io#/#${ids[n]}#`);
  }
  // the room channels exist once both nodes have members (dynamic modes)
  if (mode !== "static") {
    for (const r of rooms) await until("both nodes on " + r, async () => (await numsub(`socket.io#/#${r}#`)) >= 2 + observers);
  }
  if (mode === "dynamic-private") {
    for (const n of ["javaB", "nodeD"]) await until("channel of " + n, async () => (await numsub(`socket.io#/#${ids[n]}#`)) >= 1 + observers);
  }

  // A: Node.js broadcasts, Java clients receive
  setStep("node broadcasts");
  for (const r of rooms) io.to(r).emit("n-room:" + r, "hi", Buffer.from([1, 2, 3]), { nested: Buffer.from([4]) });
  io.except(rooms[0]).emit("n-except", 1.5);
  io.to(ids.javaB).emit("n-sid", Buffer.from([8]));
  io.compress(false).volatile.emit("n-flags");
  io.emit("n-fence");
  // each channel keeps its order, channels on different masters do not: one fence per channel
  for (const r of rooms) io.to(r).emit("n-fence:" + r);
  await until("n-fence everywhere", got("n-fence"));
  const inRooms = (ev) => () => ["javaA", "nodeC"].every((n) => events[n].some((e) => e.ev === ev));
  for (const r of rooms) await until("n-fence:" + r, inRooms("n-fence:" + r));

  // B: the Java node broadcasts (a Java client asks it to), Node.js clients receive
  const relay = (target) => clients.javaB.timeout(5000).emitWithAck("relay", target);
  setStep("relays");
  for (const r of rooms) await relay({ rooms: [r], event: "j-room:" + r, args: ["hey", Buffer.from([5, 6]), { deep: [Buffer.from([7])] }] });
  await relay({ except: [rooms[0]], event: "j-except", args: [2, 2.5, null, true, "é"] });
  await relay({ local: true, event: "j-local", args: [] });
  await relay({ volatile: true, compress: false, event: "j-volatile", args: [] });
  await relay({ rooms: [ids.nodeD], event: "j-sid", args: [Buffer.from([9])] });
  await relay({ rooms: [rooms[0], ids.nodeD], event: "j-rooms", args: [] });
  await relay({ event: "j-fence", args: [] });
  for (const r of rooms) await relay({ rooms: [r], event: "j-fence:" + r, args: [] });
  await until("j-fence everywhere", got("j-fence"));
  for (const r of rooms) await until("j-fence:" + r, inRooms("j-fence:" + r));
  if (raw) await until("j-fence on the wire", () => wire.some((w) => JSON.stringify(w.message).includes("j-fence")));
  out.events = JSON.parse(JSON.stringify(events)); // the broadcasts only
  out.wire = wire;

  if (args.scope === "all") {
    const op = (o) => clients.javaB.timeout(8000).emitWithAck("op", o);
    await client("javaE", args.javaUrl, null);
    await client("nodeF", nodeUrl, null);

    // server-side events, Node -> Java
    setStep("node serverSideEmit");
    io.serverSideEmit("cluster:event", "from-node", 1, { a: [true] }, Buffer.from([3]));
    await until("java got the server-side event", async () => (await op({ op: "server-events" })).length > 0);
    out.javaEvents = describe(await op({ op: "server-events" }));
    setStep("node serverSideEmitWithAck");
    out.nodeSseAck = describe(await io.serverSideEmitWithAck("cluster:event", "ask-java", Buffer.from([4])));
    // server-side events, Java -> Node (with a binary: notepack on the wire)
    await op({ op: "server-side-emit", payload: ["from-java", Buffer.from([1, 2])] });
    await until("node got the server-side event", () => nodeEvents.length > 0);
    out.javaSseAck = describe(await op({ op: "server-side-emit-with-ack", payload: ["ask-node", Buffer.from([5])], timeoutMs: 5000 }));
    out.nodeEvents = nodeEvents;

    // fetchSockets both ways
    setStep("node fetchSockets");
    const fetched = await io.in(rooms[0]).fetchSockets();
    out.nodeFetch = describe(fetched.map(sortedRooms).sort((a, b) => (a.id < b.id ? -1 : 1)));
    out.nodeFetchHandshake = describe(fetched.find((s) => s.id === ids.javaA).handshake);
    out.javaFetch = describe(await op({ op: "fetch", target: { rooms: [rooms[0]] } }));
    out.javaFetchAll = await op({ op: "fetch", target: { except: [rooms[0]] } });

    // socketsJoin / socketsLeave both ways; the joined rooms get their channels (dynamic modes)
    setStep("node socketsJoin");
    io.in(ids.javaA).socketsJoin("joined-by-node");
    await until("javaA in joined-by-node", async () => (await clients.javaA.timeout(5000).emitWithAck("whoami")).includes("joined-by-node"));
    if (mode !== "static") await until("java on joined-by-node", async () => (await numsub("socket.io#/#joined-by-node#")) >= 1);
    io.to("joined-by-node").emit("n-joined");
    await until("javaA got n-joined", () => events.javaA.some((e) => e.ev === "n-joined"));
    io.in("joined-by-node").socketsLeave(rooms[0]);
    await until("javaA left " + rooms[0], async () => !(await clients.javaA.timeout(5000).emitWithAck("whoami")).includes(rooms[0]));
    out.javaARooms = await clients.javaA.timeout(5000).emitWithAck("whoami");
    await op({ op: "sockets-join", target: { rooms: [ids.nodeD] }, room: "joined-by-java" });
    await until("nodeD in joined-by-java", () => io.of("/").adapter.rooms.get("joined-by-java")?.has(ids.nodeD));
    if (mode !== "static") await until("node on joined-by-java", async () => (await numsub("socket.io#/#joined-by-java#")) >= 1);
    await relay({ rooms: ["joined-by-java"], event: "j-joined", args: [] });
    await until("nodeD got j-joined", () => events.nodeD.some((e) => e.ev === "j-joined"));
    await op({ op: "sockets-leave", target: { rooms: [ids.nodeD] }, room: "joined-by-java" });
    await until("nodeD left joined-by-java", () => !io.of("/").adapter.rooms.get("joined-by-java"));
    if (mode !== "static") {
      await until("joined-by-java unsubscribed", async () => (await numsub("socket.io#/#joined-by-java#")) === 0);
    }
    out.joinedEvents = { javaA: events.javaA.filter((e) => e.ev === "n-joined").length, nodeD: events.nodeD.filter((e) => e.ev === "j-joined").length };

    // broadcasts with acks both ways
    setStep("node emitWithAck");
    const byWho = (a, b) => (a.who < b.who ? -1 : 1);
    out.nodeAcks = describe((await io.timeout(5000).emitWithAck("ask", "n")).sort(byWho));
    const javaAcks = await op({ op: "emit-with-ack", target: {}, event: "ask", payload: "j", timeoutMs: 5000 });
    out.javaAcks = describe(javaAcks.responses ? javaAcks.responses.sort(byWho) : javaAcks);

    // disconnectSockets both ways
    setStep("disconnects");
    io.in(ids.javaE).disconnectSockets(true);
    await until("javaE disconnected", () => disconnects.javaE);
    await op({ op: "disconnect-sockets", target: { rooms: [ids.nodeF] }, close: false });
    await until("nodeF disconnected", () => disconnects.nodeF);
    out.disconnects = { ...disconnects };
    out.ids = ids;
  }

  clearTimeout(watchdog);
  setStep("end");
  finish({ ok: true, ...out, timings });
} catch (e) {
  clearTimeout(watchdog);
  finish({ ok: false, error: "in step " + stepName + ": " + String(e && e.stack || e), out });
}
