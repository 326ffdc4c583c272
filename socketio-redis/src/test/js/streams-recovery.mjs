// Connection state recovery across a mixed cluster of feature-fixture nodes (docs/fixtures.md) with
// ADAPTER=redis-streams, driven with socket.io-client 4.8: nodes[0] and nodes[2] are Java, nodes[1]
// Node.js (any order works, the names say which kind did what). A client loses its connection by
// closing its engine (socket.io.engine.close()) and comes back to the same or another node.
// Cases: the session is restored (same node, each kind); missed broadcasts are restored in order
// and only those for the session's rooms and namespace, with distinct offsets, Java -> Node.js and
// Node.js -> Java; an invalid session id and an invalid offset give a new session; Redis is
// restarted (sessions lost: a new session, no error, the cluster works again); a Java node is
// stopped (SIGTERM: the sessions it keeps at shutdown are restored on the Node.js node); a Java
// node is killed (SIGKILL: its clients get new sessions on another node, no error).
// The test acts between steps: the script prints "@kill N", "@term N" or "@restart-redis" and waits
// for the answer line on stdin. Before coming back, a client waits until its session is in Redis
// (the reference restores only what is there: a client faster than its old node's write gets a
// new session). Argument: {"nodes": [{"url","id","kind"}], "redis": "redis://..", "timeoutMs"}.
// Prints one JSON line {"ok", "checks": [{"name","pass","actual","expected"}]}.
import { createInterface } from "node:readline";
import { io as connect } from "socket.io-client";
import { Redis } from "ioredis";

const args = JSON.parse(process.argv[2] || "{}");
const nodes = args.nodes;
const log = (...m) => console.error(new Date().toISOString(), ...m);
const closers = [];
const checks = [];
let stepName = "start";
const setStep = (name) => { stepName = name; log(name); };

function finish(result) {
  for (const c of closers.reverse()) c();
  process.stdout.write(JSON.stringify(result) + "\n", () => process.exit(0));
}
const watchdog = setTimeout(() => finish({ ok: false, error: "timeout in step: " + stepName, checks }),
  args.timeoutMs || 90000);

// answers of the test, one line per request
const answers = [];
const waiting = [];
createInterface({ input: process.stdin }).on("line", (line) => {
  const w = waiting.shift();
  if (w) w(line); else answers.push(line);
});
const ask = (request) => new Promise((resolve) => {
  setStep("asking the test: " + request);
  process.stdout.write("@" + request + "\n");
  const a = answers.shift();
  if (a !== undefined) resolve(a); else waiting.push(resolve);
});

const canon = (v) => JSON.stringify(v === undefined ? { undefined: true } : v);
function check(name, actual, expected) {
  const pass = canon(actual) === canon(expected);
  checks.push(pass ? { name, pass, actual } : { name, pass, actual, expected });
}
function checkTrue(name, ok, actual) {
  checks.push({ name, pass: !!ok, actual: actual === undefined ? null : actual, expected: "a true condition" });
}
const until = (what, cond, ms = 10000) => new Promise((resolve, reject) => {
  setStep(what);
  const end = Date.now() + ms;
  const poll = () => Promise.resolve(cond()).then((ok) => {
    if (ok) resolve(true);
    else if (Date.now() > end) resolve(false);
    else setTimeout(poll, 20);
  }, reject);
  poll();
});

const name = (i) => `${nodes[i].kind} node ${nodes[i].id}`;
let count = 0;
/** A client of node i: its events (with the offset, a trailing entry id), welcomes and errors. */
function open(i, nsp = "/", auth = {}) {
  const c = { id: `c${count++}`, node: i, events: [], welcomes: [], errors: [], disconnects: [] };
  c.socket = connect(nodes[i].url + nsp, {
    transports: ["websocket"], auth, forceNew: true, reconnection: false, timeout: 10000,
  });
  closers.push(() => c.socket.close());
  c.socket.on("welcome", (w) => c.welcomes.push(w));
  c.socket.on("connect_error", (e) => c.errors.push(String(e && e.message)));
  c.socket.on("disconnect", (reason) => c.disconnects.push(reason));
  c.socket.onAny((ev, ...rest) => {
    if (ev === "welcome") return;
    const last = rest[rest.length - 1];
    const offset = typeof last === "string" && /^[0-9]+-[0-9]+$/.test(last) ? rest.pop() : undefined;
    c.events.push({ ev, args: rest, offset });
  });
  return c;
}
const call = (c, ev, ...a) => c.socket.timeout(10000).emitWithAck(ev, ...a);
const welcomed = async (c, n) => {
  if (!await until(`${c.id}: welcome ${n}`, () => c.welcomes.length >= n)) {
    throw new Error(`${c.id} not welcomed (${n}); errors ${c.errors}`);
  }
  return c.welcomes[n - 1];
};
/** Loses the connection: the engine closes, the server sees a transport close. */
async function lose(c) {
  const before = c.disconnects.length;
  c.socket.io.engine.close();
  if (!await until(`${c.id}: disconnected`, () => c.disconnects.length > before)) throw new Error(`${c.id} still connected`);
}
const redis = new Redis(args.redis, { maxRetriesPerRequest: 1 });
redis.on("error", () => {});
closers.push(() => redis.disconnect());
/** Waits until the session of the client's private id is in Redis. */
async function kept(c) {
  const key = "sio:session:" + c.socket._pid;
  if (!await until(`${c.id}: session kept`, () => redis.exists(key).then((n) => n === 1, () => false))) {
    throw new Error(`${c.id}: no session in Redis`);
  }
}
/** Comes back, to node j; resolves with the new welcome. */
async function back(c, j) {
  const n = c.welcomes.length + 1;
  c.socket.io.uri = nodes[j].url;
  c.node = j;
  c.socket.connect();
  return welcomed(c, n);
}
const evs = (c, from = 0) => c.events.slice(from).map((e) => e.ev === "x" ? e.args[0] : e.ev);

try {
  const [A, B, C] = [0, 1, 2];

  // ---- the session is restored (each kind of node, back to the same node) ----
  for (const i of [A, B]) {
    setStep(`restore on ${name(i)}`);
    const c = open(i, "/", { user: `u${i}`, room: "room1" });
    const w = await welcomed(c, 1);
    check(`${name(i)}: join room2 acked`, await call(c, "join", "room2"), "ok");
    await lose(c);
    await kept(c);
    const w2 = await back(c, i);
    check(`${name(i)}: back on the same node, recovered with the same id`, w2, { id: w.id, node: nodes[i].id, recovered: true });
    check(`${name(i)}: the client says recovered`, c.socket.recovered, true);
    check(`${name(i)}: rooms and data restored`, await call(c, "whoami"), {
      id: w.id, rooms: [w.id, "room1", "room2"].sort(), data: { node: nodes[i].id, user: `u${i}` }, node: nodes[i].id, recovered: true,
    });
    c.socket.close();
  }

  // ---- missed packets, across kinds of node ----
  for (const [i, j] of [[A, B], [B, A]]) {
    const dir = `${name(i)} -> ${name(j)}`;
    setStep(`missed packets ${dir}`);
    const c = open(i, "/", { user: "lost", room: "room1" });
    const w = await welcomed(c, 1);
    const sender = open(j, "/", { user: "sender", room: "other" });
    const custom = open(j, "/custom", { user: "sender" });
    await welcomed(sender, 1);
    await welcomed(custom, 1);
    await lose(c);
    await kept(c);
    const seen = c.events.length;
    for (const [t, n] of [[{}, 1], [{}, 2], [{}, 3], [{ rooms: ["room2"] }, 4], [{ except: ["room1"] }, 5]]) {
      await call(sender, "emit", t, "x", n);
    }
    await call(custom, "emit", {}, "x", 6);
    // every event is in the stream once the sender (on the node that appended it) got it
    await until(`${dir}: sender got 1, 2, 3, 5`, () => evs(sender).join() === "1,2,3,5");
    await until(`${dir}: /custom sender got 6`, () => evs(custom).join() === "6");
    const w2 = await back(c, j);
    check(`${dir}: recovered on the other node with the same id`, w2, { id: w.id, node: nodes[j].id, recovered: true });
    check(`${dir}: missed 1, 2, 3 received in order, not 4 (room2), 5 (except room1), 6 (/custom)`,
      evs(c, seen), [1, 2, 3]);
    const offsets = c.events.slice(seen).map((e) => e.offset);
    checkTrue(`${dir}: each missed packet has its own offset`,
      offsets.every((o) => typeof o === "string") && new Set(offsets).size === offsets.length, offsets);
    check(`${dir}: the same offsets as the sender saw`, offsets, sender.events.slice(0, 3).map((e) => e.offset));
    check(`${dir}: rooms and data restored on the other node`, await call(c, "whoami"), {
      id: w.id, rooms: [w.id, "room1"].sort(), data: { node: nodes[i].id, user: "lost" }, node: nodes[j].id, recovered: true,
    });
    // live broadcasts keep coming after the recovery
    await call(sender, "emit", { rooms: ["room1"] }, "x", 7);
    checkTrue(`${dir}: a later broadcast arrives`, await until(`${dir}: 7`, () => evs(c, seen).includes(7)), evs(c, seen));
    check(`${dir}: no connection error`, [...c.errors, ...sender.errors], []);
    for (const x of [c, sender, custom]) x.socket.close();
  }

  // ---- an invalid session id, an invalid offset: a new session ----
  for (const i of [A, B]) {
    for (const [what, spoil] of [["invalid session id", (s) => { s._pid = "invalid"; }],
      ["invalid offset", (s) => { s._lastOffset = "invalid"; }]]) {
      setStep(`${name(i)}: ${what}`);
      const c = open(i, "/", { user: "u", room: "room1" });
      const w = await welcomed(c, 1);
      await lose(c);
      await kept(c);
      spoil(c.socket);
      const w2 = await back(c, i);
      checkTrue(`${name(i)}: ${what}: a new socket, not recovered`, w2.id !== w.id && w2.recovered === false && !c.socket.recovered, w2);
      check(`${name(i)}: ${what}: a fresh session`, await call(c, "whoami"), {
        id: w2.id, rooms: [w2.id, "room1"].sort(), data: { node: nodes[i].id, user: "u" }, node: nodes[i].id, recovered: false,
      });
      c.socket.close();
    }
  }

  // ---- Redis restarted: sessions lost, new sessions, no error, the cluster works again ----
  setStep("redis restart");
  const stay = [A, B, C].map((i) => open(i, "/", { user: `stay${i}` }));
  for (const s of stay) await welcomed(s, 1);
  const lost = open(A, "/", { user: "lost", room: "room1" });
  const lw = await welcomed(lost, 1);
  await lose(lost);
  await kept(lost);
  check("redis restart: answered", await ask("restart-redis"), "ok");
  const lw2 = await back(lost, B);
  checkTrue("redis restart: the session was lost: a new socket on the other node", lw2.id !== lw.id && lw2.recovered === false, lw2);
  check("redis restart: no connection error", lost.errors, []);
  let n = 0;
  const crosses = await until("redis restart: broadcasts cross the nodes again", async () => {
    await call(stay[B], "emit", {}, "x", `again-${n++}`);
    return stay.every((s) => s.events.some((e) => String(e.args[0]).startsWith("again-")));
  }, 30000);
  checkTrue("redis restart: a broadcast from the Node.js node reaches every node again", crosses, stay.map((s) => evs(s)));
  for (const j of [A, C]) {
    let m = 0;
    const crossesFromJava = await until(`redis restart: broadcasts from ${name(j)} cross the nodes again`, async () => {
      await call(stay[j], "emit", {}, "x", `java${j}-${m++}`);
      return stay.every((s) => s.events.some((e) => String(e.args[0]).startsWith(`java${j}-`)));
    }, 30000);
    checkTrue(`redis restart: a broadcast from ${name(j)} reaches every node again`, crossesFromJava, stay.map((s) => evs(s)));
  }
  checkTrue("redis restart: offsets again (the stream was recreated)",
    stay.every((s) => typeof s.events[s.events.length - 1].offset === "string"), stay.map((s) => s.events.slice(-1)));
  const users = async () => {
    const fetched = await call(stay[C], "fetch", {});
    return Array.isArray(fetched) ? fetched.map((s) => s.data.user).sort() : fetched;
  };
  const everyone = ["lost", "stay0", "stay1", "stay2"];
  await until("redis restart: fetchSockets", async () => canon(await users()) === canon(everyone), 20000);
  check("redis restart: fetchSockets sees every node again", await users(), everyone);
  check("redis restart: the other clients stayed connected", stay.map((s) => s.disconnects), [[], [], []]);
  // recovery works again after the restart
  const again = open(C, "/", { user: "again" });
  const aw = await welcomed(again, 1);
  await lose(again);
  await kept(again);
  const aw2 = await back(again, B);
  check("redis restart: recovery works again (Java -> Node.js)", aw2, { id: aw.id, node: nodes[B].id, recovered: true });
  again.socket.close();
  lost.socket.close();

  // ---- a Java node stopped gracefully: the sessions it keeps at shutdown are restored ----
  setStep("graceful stop");
  const leaving = open(C, "/", { user: "leaving", room: "room1" });
  const gw = await welcomed(leaving, 1);
  const sender = open(B, "/", { user: "sender2" });
  await welcomed(sender, 1);
  check("graceful stop: answered", await ask("term 2"), "ok");
  await until("graceful stop: disconnected", () => leaving.disconnects.length > 0);
  check("graceful stop: the client was disconnected by the stop", leaving.disconnects.length, 1);
  await kept(leaving);
  await call(sender, "emit", { rooms: ["room1"] }, "x", "while-away");
  await until("graceful stop: the sender's own copy", () => sender.events.some((e) => e.args[0] === "while-away"));
  const seenBefore = leaving.events.length;
  const gw2 = await back(leaving, B);
  check(`graceful stop of ${name(C)}: recovered on ${name(B)}`, gw2, { id: gw.id, node: nodes[B].id, recovered: true });
  check("graceful stop: the broadcast sent meanwhile restored", evs(leaving, seenBefore), ["while-away"]);
  leaving.socket.close();

  // ---- a Java node killed: its clients get new sessions on another node, without errors ----
  setStep("kill");
  const victim = open(A, "/", { user: "victim", room: "room1" });
  const kw = await welcomed(victim, 1);
  check("kill: answered", await ask("kill 0"), "ok");
  checkTrue("kill: the client lost its connection", await until("kill: disconnected", () => victim.disconnects.length > 0),
    victim.disconnects);
  const kw2 = await back(victim, B);
  checkTrue(`kill of ${name(A)}: a new session on ${name(B)} (nothing was kept)`, kw2.id !== kw.id && kw2.recovered === false, kw2);
  check("kill: no connection error", victim.errors, []);
  check("kill: the new socket works", (await call(victim, "whoami")).data, { node: nodes[B].id, user: "victim" });

  clearTimeout(watchdog);
  finish({ ok: true, checks });
} catch (e) {
  finish({ ok: false, error: `${stepName}: ${e && e.stack ? e.stack : e}`, checks });
}
