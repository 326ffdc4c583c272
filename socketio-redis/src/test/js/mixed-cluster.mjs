// Drives a cluster of feature-fixture nodes (docs/fixtures.md, "scripts/cluster-server"; the Node.js
// one is cluster-server.mjs) on one Redis with socket.io-client 4.8: on every node a WebSocket and a
// polling client (plus a victim for disconnectSockets, without a user in its auth) on "/", and a WebSocket client on "/custom".
// Every operation of the fixture table is started from each node in turn and its effect is checked
// on every client of every node. Argument: {"nodes": [{"url","id","kind"}], "timeoutMs"}, kind
// "node" or "java"; "adapter": the nodes' ADAPTER (default "redis"). With "redis-sharded" and
// "redis-streams" (connection state recovery is on in the fixture) broadcast events carry an offset
// (a trailing string or null argument, taken off before the payload checks and checked on its own:
// the sharded adapter's "" on the publishing node and null elsewhere, the streams adapter's one
// entry id everywhere), allRooms is unsupported and server-side events keep their binaries.
// Prints one JSON line {"ok", "checks": [{"name","pass","actual","expected"}]};
// binaries are shown as {"buffer": [..]}.
import { io as connect } from "socket.io-client";

const args = JSON.parse(process.argv[2] || "{}");
const nodes = args.nodes;
const adapter = args.adapter || "redis";
// the ClusterAdapter-based adapters append offsets (recovery is on in the fixture) and have no allRooms
const offsets = { "redis-sharded": "sharded", "redis-streams": "streams" }[adapter] || "none";
const hasAllRooms = adapter === "redis" || adapter === "memory";
const log = (...m) => console.error(new Date().toISOString(), ...m);
const closers = [];
const checks = [];
let stepName = "start";
const setStep = (name) => { stepName = name; log(name); };

function finish(result) {
  for (const c of closers.reverse()) c();
  // a pipe is written asynchronously: exit only once the whole line is out
  process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(0));
}
const watchdog = setTimeout(() => finish({ ok: false, error: "timeout in step: " + stepName, checks }),
  args.timeoutMs || 60000);

function describe(v) {
  if (v === undefined) return { undefined: true };
  if (v === null) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { buffer: [...v] };
  if (v instanceof ArrayBuffer) return { buffer: [...new Uint8Array(v)] };
  if (v instanceof Error) return { error: v.message };
  if (Array.isArray(v)) return v.map(describe);
  if (typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v).sort()) o[k] = describe(v[k]);
    return o;
  }
  return v;
}
const canon = (v) => JSON.stringify(describe(v));
function check(name, actual, expected) {
  const a = describe(actual);
  const e = describe(expected);
  const pass = JSON.stringify(a) === JSON.stringify(e);
  // a passing check shows its value once (the result line stays small)
  checks.push(pass ? { name, pass, actual: a } : { name, pass, actual: a, expected: e });
}
function checkTrue(name, ok, actual) {
  checks.push({ name, pass: !!ok, actual: describe(actual), expected: "a true condition" });
}
const until = (what, cond, ms = 8000) => new Promise((resolve, reject) => {
  setStep(what);
  const end = Date.now() + ms;
  const poll = () => Promise.resolve(cond()).then((ok) => {
    if (ok) resolve(true);
    else if (Date.now() > end) resolve(false);
    else setTimeout(poll, 20);
  }, reject);
  poll();
});

// ---- clients ---------------------------------------------------------------------------------
const clients = {}; // name -> {name, node (index), nsp, socket, events: [{ev,args}], welcome, reason}
function open(name, i, nsp, transports, auth) {
  const socket = connect(nodes[i].url + nsp, {
    transports, auth, forceNew: true, reconnection: false, timeout: 10000,
  });
  closers.push(() => socket.close());
  const c = { name, node: i, nsp, socket, events: [], welcome: null, reason: null };
  socket.on("welcome", (w) => { c.welcome = w; });
  socket.on("disconnect", (reason) => { c.reason = reason; });
  socket.onAny((ev, ...rest) => {
    if (ev === "welcome") return;
    const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : null;
    const last = rest[rest.length - 1];
    const offset = offsets !== "none" && !ack && rest.length >= 2 && (typeof last === "string" || last === null)
      ? rest.pop() : undefined;
    c.events.push({ ev, args: rest, offset });
    if (ack && !ev.startsWith("noack")) ack({ by: name, got: rest[0] });
  });
  clients[name] = c;
  return c;
}
const call = (c, ev, ...a) => c.socket.timeout(10000).emitWithAck(ev, ...a);
const got = (c, ev) => c.events.filter((e) => e.ev === ev);
const receivers = (list, ev) => list.filter((c) => got(c, ev).length > 0).map((c) => c.name).sort();
const names = (list) => list.map((c) => c.name).sort();

const N = nodes.length;
const ws = [], poll = [], vic = [], cus = [];
for (let i = 0; i < N; i++) {
  ws.push(open(`ws${i}`, i, "/", ["websocket"], { user: `ws${i}`, room: `r${i}` }));
  poll.push(open(`poll${i}`, i, "/", ["polling"], { user: `poll${i}`, room: `r${i}` }));
  vic.push(open(`vic${i}`, i, "/", i % 2 ? ["polling"] : ["websocket"], { room: `victim${i}` }));
  cus.push(open(`cus${i}`, i, "/custom", ["websocket"], { user: `cus${i}`, room: `r${i}` }));
}
const root = () => [...ws, ...poll, ...vic].filter((c) => c.socket.connected);
const all = () => [...ws, ...poll, ...vic, ...cus];

try {
  if (!await until("all connected and welcomed", () => all().every((c) => c.welcome), 20000)) {
    throw new Error("not welcomed: " + all().filter((c) => !c.welcome).map((c) => c.name));
  }
  // ---- connection: welcome, socket.data, auth.room ----
  const me = {};
  for (const c of all()) {
    me[c.name] = await call(c, "whoami");
    check(`${c.name}: welcome`, c.welcome, { id: c.socket.id, node: nodes[c.node].id, recovered: false });
    check(`${c.name}: whoami`, me[c.name], {
      id: c.socket.id, rooms: [c.socket.id, c.name.startsWith("vic") ? `victim${c.node}` : `r${c.node}`].sort(),
      data: { node: nodes[c.node].id, user: c.name.startsWith("vic") ? null : c.name }, node: nodes[c.node].id, recovered: false,
    });
  }
  const entry = (c) => ({ id: me[c.name].id, rooms: me[c.name].rooms, data: me[c.name].data });
  const byId = (list) => list.map(entry).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // the data of the sockets without a user (the victims) is checked on its own, once per node
  const userless = (list) => list.map((e) => (e.data && e.data.user === undefined
    ? { ...e, data: { ...e.data, user: null } } : e));
  const bin = (i) => ({ from: nodes[i].id, bin: Buffer.from([i, 1, 2, 255]), deep: [{ b: Buffer.from([9, i]) }], s: "é" });

  for (let i = 0; i < N; i++) {
    const j = (i + 1) % N, k = (i + 2) % N;
    const o = ws[i];
    const from = `from ${nodes[i].kind} node ${nodes[i].id}`;
    // ---- broadcasts ----
    setStep(`${from}: emits`);
    const emits = [
      [`e-room-${i}`, { rooms: [`r${j}`] }, [ws[j], poll[j]]],
      [`e-except-${i}`, { except: [`r${i}`] }, root().filter((c) => c !== ws[i] && c !== poll[i])],
      [`e-rooms-except-${i}`, { rooms: [`r${j}`, `r${k}`], except: [me[`poll${k}`].id] }, [ws[j], poll[j], ws[k]]],
      [`e-id-${i}`, { rooms: [me[`poll${k}`].id] }, [poll[k]]],
      [`e-local-${i}`, { local: true }, [ws[i], poll[i], vic[i]]],
      [`e-local-room-${i}`, { rooms: [`r${j}`], local: true }, []],
      [`e-all-${i}`, {}, root()],
    ];
    for (const [ev, t] of emits) check(`${from}: emit ${ev} acked`, await call(o, "emit", t, ev, bin(i)), "ok");
    check(`${from}: emit volatile acked`, await call(o, "emit", { rooms: [`r${j}`], volatile: true }, `e-volatile-${i}`, bin(i)), "ok");
    check(`${from}: emit fence acked`, await call(o, "emit", {}, `fence-${i}`, null), "ok");
    await until(`${from}: fence everywhere`, () => root().every((c) => got(c, `fence-${i}`).length));
    for (const [ev, , expected] of emits) {
      check(`${from}: ${ev} reached exactly`, receivers(all(), ev), names(expected));
      for (const c of expected) check(`${from}: ${ev} payload on ${c.name}`, got(c, ev)[0]?.args, [bin(i)]);
      if (offsets !== "none" && expected.length) {
        const seen = expected.map((c) => got(c, ev)[0]?.offset);
        if (ev.startsWith("e-local")) {
          check(`${from}: ${ev} has no offset`, seen, expected.map(() => undefined));
        } else if (offsets === "sharded") {
          check(`${from}: ${ev} offsets ("" on the publishing node, null elsewhere)`, seen,
            expected.map((c) => (c.node === i ? "" : null)));
        } else {
          checkTrue(`${from}: ${ev} offsets (one stream entry id on every node)`,
            typeof seen[0] === "string" && /^[0-9]+-[0-9]+$/.test(seen[0]) && seen.every((x) => x === seen[0]), seen);
        }
      }
    }
    const volatileTo = receivers(all(), `e-volatile-${i}`);
    checkTrue(`${from}: volatile reached no one outside r${j}`, volatileTo.every((n) => [`ws${j}`, `poll${j}`].includes(n)), volatileTo);
    check(`${from}: /custom got none of the "/" emits`, cus.flatMap((c) => c.events.map((e) => e.ev))
      .filter((ev) => !ev.startsWith("c-")), []);

    // ---- broadcasts with acks ----
    setStep(`${from}: emit-with-ack`);
    const acked = await call(o, "emit-with-ack", { rooms: [`r${j}`, `r${k}`], except: [`r${k}`] }, `ack-${i}`, bin(i), 5000);
    if (acked.responses) acked.responses.sort((a, b) => (a.by < b.by ? -1 : 1));
    check(`${from}: emit-with-ack answers`, acked, { responses: [{ by: `poll${j}`, got: bin(i) }, { by: `ws${j}`, got: bin(i) }] });
    check(`${from}: emit-with-ack without answers times out`,
      await call(o, "emit-with-ack", { rooms: [`r${j}`] }, `noack-${i}`, 1, 300), { error: "operation has timed out" });
    check(`${from}: emit-with-ack to nobody`, await call(o, "emit-with-ack", { rooms: ["nobody"] }, `ack-none-${i}`, 1, 1000), { responses: [] });

    // ---- fetchSockets ----
    setStep(`${from}: fetch`);
    const fetched = await call(o, "fetch", {});
    check(`${from}: fetch all`, userless(fetched), byId(root()));
    check(`${from}: fetch shows the data of sockets without a user as {"node", "user": null}`,
      fetched.filter((e) => vic.some((v) => me[v.name].id === e.id)).map((e) => e.data),
      byId(vic).map((e) => ({ node: e.data.node, user: null })));
    check(`${from}: fetch room r${j} except poll${j}`, await call(o, "fetch", { rooms: [`r${j}`], except: [me[`poll${j}`].id] }), byId([ws[j]]));
    check(`${from}: fetch local`, await call(o, "fetch", { local: true }), byId(root().filter((c) => c.node === i)));

    // ---- socketsJoin / socketsLeave ----
    const room = `joined-by-${i}`;
    check(`${from}: sockets-join acked`, await call(o, "sockets-join", { rooms: [`r${j}`], except: [me[`ws${j}`].id] }, room), "ok");
    const inRoom = async (c) => (await call(c, "whoami")).rooms.includes(room);
    checkTrue(`${from}: sockets-join reached poll${j}`, await until(`${from}: join on poll${j}`, () => inRoom(poll[j])));
    check(`${from}: fetch of the joined room from node ${nodes[k].id}`, await call(ws[k], "fetch", { rooms: [room] }),
      byId([poll[j]]).map((e) => ({ ...e, rooms: [...e.rooms, room].sort() })));
    check(`${from}: ws${j} not joined`, await inRoom(ws[j]), false);
    check(`${from}: sockets-leave acked`, await call(o, "sockets-leave", {}, room), "ok");
    checkTrue(`${from}: sockets-leave reached poll${j}`, await until(`${from}: leave on poll${j}`, async () => !await inRoom(poll[j])));
    check(`${from}: fetch of the left room`, await call(ws[k], "fetch", { rooms: [room] }), []);

    // ---- a socket's own join / leave, seen from the other nodes ----
    const own = `own-${i}`;
    check(`${from}: poll${i} join acked`, await call(poll[i], "join", own), "ok");
    check(`${from}: fetch of poll${i}'s own room from node ${nodes[j].id}`, await call(ws[j], "fetch", { rooms: [own] }),
      byId([poll[i]]).map((e) => ({ ...e, rooms: [...e.rooms, own].sort() })));
    check(`${from}: emit to poll${i}'s own room from node ${nodes[k].id} acked`,
      await call(ws[k], "emit", { rooms: [own] }, `own-room-${i}`, bin(k)), "ok");
    checkTrue(`${from}: poll${i} got the emit to its own room`,
      await until(`${from}: own room emit`, () => got(poll[i], `own-room-${i}`).length));
    check(`${from}: poll${i} leave acked`, await call(poll[i], "leave", own), "ok");
    check(`${from}: fetch of the room poll${i} left, from node ${nodes[j].id}`, await call(ws[j], "fetch", { rooms: [own] }), []);
    check(`${from}: emit to its own room reached only poll${i}`, receivers(all(), `own-room-${i}`), [`poll${i}`]);

    // ---- allRooms ----
    const rooms = [...new Set(root().flatMap((c) => me[c.name].rooms))].sort();
    const unsupported = { error: "unsupported by this adapter" };
    check(`${from}: all-rooms`, await call(o, "all-rooms"), hasAllRooms ? rooms : unsupported);
    check(`${from}: all-rooms of /custom`, await call(cus[i], "all-rooms"), !hasAllRooms ? unsupported
      : [...new Set(cus.flatMap((c) => me[c.name].rooms))].sort());

    // ---- server-side events ----
    setStep(`${from}: server-side-emit`);
    const plain = { from: nodes[i].id, n: i, list: [1, "two", null, true] };
    check(`${from}: server-side-emit acked`, await call(o, "server-side-emit", plain), "ok");
    for (const x of [j, k]) {
      checkTrue(`${from}: server-side event reached node ${nodes[x].id}`, await until(`${from}: event on ${x}`,
        async () => (await call(ws[x], "server-events")).some((a) => canon(a) === canon([plain]))));
    }
    const sse = await call(o, "server-side-emit-with-ack", plain, 5000);
    if (sse.responses) sse.responses.sort((a, b) => (a.node < b.node ? -1 : 1));
    check(`${from}: server-side-emit-with-ack answers`, sse,
      { responses: [j, k].map((x) => ({ node: nodes[x].id, args: [plain] })).sort((a, b) => (a.node < b.node ? -1 : 1)) });
    const binary = { from: nodes[i].id, bin: Buffer.from([7, i]) };
    check(`${from}: binary server-side-emit acked`, await call(o, "server-side-emit", binary), "ok");
    // the Node.js classic adapter sends server-side events as JSON: a Buffer arrives as {type,data}
    // (socketio-redis README); a Java node sends notepack and binaries stay binary, as the
    // ClusterAdapter-based adapters (sharded, streams) do
    const sent = nodes[i].kind === "node" && adapter === "redis"
      ? { from: nodes[i].id, bin: { type: "Buffer", data: [7, i] } } : binary;
    for (const x of [j, k]) {
      checkTrue(`${from}: binary server-side event on node ${nodes[x].id} as the sender's adapter ships it`,
        await until(`${from}: binary event on ${x}`,
          async () => (await call(ws[x], "server-events")).some((a) => canon(a) === canon([sent]))),
        (await call(ws[x], "server-events")).slice(-1));
    }
    check(`${from}: a node does not get its own server-side events`,
      (await call(o, "server-events")).filter((a) => a[0] && a[0].from === nodes[i].id), []);

    // ---- /custom ----
    setStep(`${from}: /custom`);
    check(`${from}: /custom emit room acked`, await call(cus[i], "emit", { rooms: [`r${j}`] }, `c-room-${i}`, bin(i)), "ok");
    check(`${from}: /custom emit all acked`, await call(cus[i], "emit", {}, `c-all-${i}`, null), "ok");
    await until(`${from}: /custom fence`, () => cus.every((c) => got(c, `c-all-${i}`).length));
    check(`${from}: /custom room emit reached exactly`, receivers(all(), `c-room-${i}`), [`cus${j}`]);
    check(`${from}: /custom payload`, got(cus[j], `c-room-${i}`)[0]?.args, [bin(i)]);
    check(`${from}: /custom fetch`, await call(cus[i], "fetch", {}), byId(cus));
    check(`${from}: /custom server-side-emit acked`, await call(cus[i], "server-side-emit", { custom: i }), "ok");
    checkTrue(`${from}: /custom server-side event on node ${nodes[j].id}`, await until(`${from}: /custom event`,
      async () => (await call(cus[j], "server-events")).some((a) => canon(a) === canon([{ custom: i }]))));
    check(`${from}: "/" did not get the /custom server-side event`,
      (await call(ws[j], "server-events")).filter((a) => a[0] && "custom" in a[0]), []);
  }

  // ---- disconnectSockets, last: victim j is disconnected from node i ----
  for (let i = 0; i < N; i++) {
    const j = (i + 1) % N;
    const from = `from ${nodes[i].kind} node ${nodes[i].id}`;
    const close = i === 1;
    check(`${from}: disconnect-sockets acked`, await call(ws[i], "disconnect-sockets", { rooms: [`victim${j}`] }, close), "ok");
    checkTrue(`${from}: vic${j} disconnected (close ${close})`, await until(`${from}: disconnect vic${j}`, () => vic[j].reason !== null), vic[j].reason);
    checkTrue(`${from}: vic${j} disconnect reason`, close
      ? ["io server disconnect", "transport close"].includes(vic[j].reason)
      : vic[j].reason === "io server disconnect", vic[j].reason);
  }
  check("no other client was disconnected", all().filter((c) => !c.name.startsWith("vic") && c.reason).map((c) => c.name), []);
  for (let i = 0; i < N; i++) {
    check(`after disconnects: fetch all from ${nodes[i].kind} node ${nodes[i].id}`, await call(ws[i], "fetch", {}), byId([...ws, ...poll]));
  }
  clearTimeout(watchdog);
  finish({ ok: true, checks });
} catch (e) {
  finish({ ok: false, error: `${stepName}: ${e && e.stack ? e.stack : e}`, checks });
}
