// The official socket.io-client as the Admin UI (connecting as its App.vue does, with the
// "session" listener added on connect) and as an application's client. Argument:
// {"url", "mode", "transports", "auth", "timeoutMs", ...}; modes:
//   login:      connect to the admin namespace with args.auth; then, when a session id came,
//               connect again with {sessionId}; reports what each connection got
//   logins:     args.attempts (auth objects) one after the other; reports each outcome
//   events:     every event and command: an application client connects, emits, is joined to
//               a room, emitted to, left, disconnected; reports the admin socket's event log
//   quiet:      (production mode) as events but only the client's part; reports the log
//   readonly:   sends every command, then the test's "fence"; reports the client's rooms
//   recovery:   the application's client loses its connection and recovers; reports its pid
//               and the admin log
//   data:       the application changes a client's socket.data on its events "count" and
//               "grow" (twice); reports the socket_updated events with data it was sent, once
//               two more server_stats came after the last change
// Prints one JSON line.
import { io } from "socket.io-client";

const args = JSON.parse(process.argv[2] || "{}");
const transports = args.transports ?? ["websocket"];
const sockets = [];
let done = false;
const finish = (result) => {
  if (done) return;
  done = true;
  console.log(JSON.stringify(result));
  sockets.forEach((s) => s.close());
  process.exit(0);
};
let current = null; // the admin socket whose log a timeout shows
const watchdog = setTimeout(() => finish({ ok: false, error: "timeout: " + stage,
  log: current && current.log }),
  args.timeoutMs || 15000);
let stage = "start";

const plain = (v) => JSON.parse(JSON.stringify(v, (k, x) =>
  x && x.type === "Buffer" && Array.isArray(x.data) ? { $bin: x.data } : x));

/** Connects as the UI does; resolves {socket, session, error}. */
function admin(auth, nsp = "/admin") {
  return new Promise((resolve) => {
    const s = io(args.url + nsp, { forceNew: true, reconnection: false, transports, auth });
    sockets.push(s);
    const log = [];
    s.log = log;
    s.onAny((ev, ...a) => log.push([ev, ...plain(a)]));
    current = s;
    s.once("connect", () => {
      // the UI registers its "session" listener here (App.vue)
      s.on("session", (id) => { s.session = id; });
      resolve({ socket: s });
    });
    s.once("connect_error", (e) => resolve({ error: e.message }));
  });
}

function client(opts = {}, setup = () => {}) {
  return new Promise((resolve, reject) => {
    const s = io(args.url, { forceNew: true, transports, ...opts });
    sockets.push(s);
    setup(s);
    s.once("connect", () => resolve(s));
    s.once("connect_error", reject);
  });
}

/** Resolves when the admin log has an event matching the predicate. */
function seen(a, pred) {
  return new Promise((resolve) => {
    const check = () => {
      const hit = a.log.find((e) => pred(e));
      if (hit) resolve(hit); else setTimeout(check, 10);
    };
    check();
  });
}

const fence = (a) => a.timeout(5000).emitWithAck("fence");

try {
  if (args.mode === "login") {
    stage = "first login";
    const first = await admin(args.auth);
    if (first.error) finish({ ok: true, error: first.error });
    await seen(first.socket, (e) => e[0] === "config");
    stage = "session";
    await new Promise((r) => { const t = () => first.socket.session ? r() : setTimeout(t, 10); t(); });
    first.socket.close();
    stage = "second login";
    const second = await admin({ sessionId: first.socket.session });
    const config = first.socket.log.find((e) => e[0] === "config");
    finish({ ok: true, session: first.socket.session, config: config[1],
      events: first.socket.log.map((e) => e[0]),
      reused: second.error ? { error: second.error } : { connected: true } });
  } else if (args.mode === "logins") {
    const outcomes = [];
    for (const auth of args.attempts) {
      stage = "login " + outcomes.length;
      const r = await admin(auth);
      outcomes.push(r.error ? r.error : "connected");
      if (r.socket) r.socket.close();
    }
    finish({ ok: true, outcomes });
  } else if (args.mode === "events" || args.mode === "quiet") {
    stage = "admin";
    const a = (await admin(args.auth)).socket;
    await seen(a, (e) => e[0] === "config");
    if (args.mode === "events") await seen(a, (e) => e[0] === "all_sockets");
    stage = "client";
    let welcome;
    const c = await client({ query: { q: "1" }, auth: { token: "secret" } },
      (s) => { welcome = new Promise((r) => s.once("welcome", (...x) => r(x))); });
    const cid = c.id; // socket.io-client forgets it on disconnection
    const engineId = c.io.engine.id;
    const ack = await c.timeout(5000).emitWithAck("hello", "world");
    await welcome;
    if (args.mode === "quiet") {
      // what the admin socket would be sent of the client comes before the statistics that
      // count its disconnection
      stage = "stats counting the client's disconnection";
      c.close();
      await seen(a, (e) => e[0] === "server_stats"
        && e[1].aggregatedEvents.some((x) => x.type === "rawDisconnection"));
      finish({ ok: true, log: a.log });
    }
    if (args.upgrade) {
      stage = "socket_updated";
      await seen(a, (e) => e[0] === "socket_updated" && e[1].id === c.id);
    }
    stage = "socket_connected / events";
    await seen(a, (e) => e[0] === "event_sent" && e[3][0] === "welcome");
    await seen(a, (e) => e[0] === "event_received" && e[3][0] === "hello");
    stage = "join";
    a.emit("join", "/", "red", c.id);
    await seen(a, (e) => e[0] === "room_joined" && e[2] === "red");
    stage = "emit";
    const news = new Promise((r) => c.once("news", (...x) => r(x)));
    a.emit("emit", "/", "red", "news", "x", 2);
    const got = await news;
    stage = "leave";
    a.emit("leave", "/", "red", c.id);
    await seen(a, (e) => e[0] === "room_left" && e[2] === "red");
    stage = "all join then leave";
    a.emit("join", "/", "blue");
    await seen(a, (e) => e[0] === "room_joined" && e[2] === "blue");
    a.emit("leave", "/", "blue");
    await seen(a, (e) => e[0] === "room_left" && e[2] === "blue");
    stage = "_disconnect";
    const gone = new Promise((r) => c.once("disconnect", r));
    a.emit("_disconnect", "/", false, c.id);
    const reason = await gone;
    await seen(a, (e) => e[0] === "room_left" && e[2] === cid);
    stage = "server_stats counting the client's connection";
    await seen(a, (e) => e[0] === "server_stats"
      && e[1].aggregatedEvents.some((x) => x.type === "rawConnection"));
    stage = "server_stats counting the traffic";
    for (const type of ["packetsIn", "packetsOut", "bytesIn", "bytesOut"]) {
      await seen(a, (e) => e[0] === "server_stats"
        && e[1].aggregatedEvents.some((x) => x.type === type));
    }
    finish({ ok: true, id: cid, engineId, ack, news: got, reason,
      log: a.log.filter((e) => e[0] !== "server_stats"),
      stats: a.log.filter((e) => e[0] === "server_stats").map((e) => e[1]) });
  } else if (args.mode === "dynamic") {
    stage = "admin";
    const a = (await admin(args.auth)).socket;
    await seen(a, (e) => e[0] === "config");
    stage = "client of " + args.nsp;
    const c = io(args.url + args.nsp, { forceNew: true, transports });
    sockets.push(c);
    await new Promise((r, j) => { c.once("connect", r); c.once("connect_error", j); });
    const cid = c.id;
    const connected = await seen(a, (e) => e[0] === "socket_connected" && e[1].id === cid);
    stage = "stats with " + args.nsp;
    const stats = await seen(a, (e) => e[0] === "server_stats"
      && e[1].namespaces.some((n) => n.name === args.nsp));
    finish({ ok: true, nsp: connected[1].nsp,
      namespace: stats[1].namespaces.find((n) => n.name === args.nsp) });
  } else if (args.mode === "readonly") {
    stage = "admin";
    const a = (await admin(args.auth)).socket;
    await seen(a, (e) => e[0] === "config");
    const c = await client();
    const news = [];
    c.on("news", (x) => news.push(x));
    a.emit("join", "/", "red", c.id);
    a.emit("emit", "/", c.id, "news", "x");
    a.emit("leave", "/", c.id, c.id);
    if (!args.noDisconnect) a.emit("_disconnect", "/", true, c.id);
    stage = "fence";
    await fence(a);
    const rooms = await c.timeout(5000).emitWithAck("rooms");
    finish({ ok: true, connected: c.connected, rooms, news, config: a.log.find((e) => e[0] === "config")[1] });
  } else if (args.mode === "recovery") {
    stage = "admin";
    const a = (await admin(args.auth)).socket;
    await seen(a, (e) => e[0] === "config");
    const c = await client({ reconnectionDelay: 50, reconnectionDelayMax: 50 });
    const pid = c._pid;
    // an event carries an offset: the client recovers from it
    const echoed = new Promise((r) => c.once("echo", r));
    await c.timeout(5000).emitWithAck("hello", "first");
    await echoed;
    stage = "recover";
    const back = new Promise((r) => c.io.once("reconnect", r));
    c.io.engine.close();
    await back;
    await new Promise((r) => { const t = () => c.connected ? r() : setTimeout(t, 10); t(); });
    await c.timeout(5000).emitWithAck("hello", "again");
    await seen(a, (e) => e[0] === "event_received" && e[3][1] === "again");
    finish({ ok: true, pid, recovered: c.recovered, text: JSON.stringify(a.log) });
  } else if (args.mode === "data") {
    stage = "admin";
    const a = (await admin(args.auth)).socket;
    await seen(a, (e) => e[0] === "config");
    const c = await client();
    const id = c.id;
    const updated = (pred) => seen(a, (e) => e[0] === "socket_updated" && e[1].id === id
      && e[1].data && pred(e[1].data));
    stage = "socket_connected";
    await seen(a, (e) => e[0] === "socket_connected" && e[1].id === id);
    stage = "count";
    await c.timeout(5000).emitWithAck("count");
    await updated((d) => d.count === 1);
    stage = "grow";
    await c.timeout(5000).emitWithAck("grow");
    await updated((d) => d.array && d.array.length === 1);
    stage = "grow again";
    await c.timeout(5000).emitWithAck("grow");
    await updated((d) => d.array && d.array.length === 2);
    stage = "two more server_stats";
    const stats = () => a.log.filter((e) => e[0] === "server_stats").length;
    const before = stats();
    await seen(a, () => stats() >= before + 2);
    finish({ ok: true, id, updates: a.log.filter((e) => e[0] === "socket_updated"
      && e[1].id === id && e[1].data).map((e) => e[1]) });
  } else {
    finish({ ok: false, error: "unknown mode " + args.mode });
  }
} catch (e) {
  finish({ ok: false, error: "at " + stage + ": " + String((e && e.stack) || e) });
}
