// Drives the feature fixture (scripts/cluster-server, docs/fixtures.md) with socket.io-client 4.8:
// every event of the contract's table, on namespaces / and /custom, across one node (memory) or
// two nodes (redis). Argument: {"urls": [nodeA, nodeB?], "timeoutMs"}; with one url both "nodes"
// are the same. Prints one JSON line; binaries are shown as {"buffer": [..]}.
import { io as connect } from "socket.io-client";

const args = JSON.parse(process.argv[2] || "{}");
const [urlA, urlB = urlA] = args.urls;
const closers = [];
const out = {};
let stepName = "start";
const setStep = (name) => { stepName = name; };

function finish(result) {
  console.log(JSON.stringify(result));
  for (const c of closers.reverse()) c();
  process.exit(0);
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

const clients = {};
const ids = {};
const traces = {};
const disconnects = {};
out.welcome = {};
async function client(name, url, nsp, auth) {
  const c = connect(url + nsp, { transports: ["websocket"], auth, forceNew: true, reconnection: false });
  traces[name] = [];
  // every emit here has one payload; with connection state recovery on (the fixture's setting)
  // the adapter may append an offset after it (memory: a string; sharded: "" or null; streams:
  // an entry id), which the mixed-cluster tests check: it is left out of the traces
  c.onAny((event, ...a) => {
    if (event === "welcome") return;
    if (a.length === 2 && (typeof a[1] === "string" || a[1] === null)) a.pop();
    traces[name].push([event, ...describe(a)]);
  });
  c.on("ask", (x, cb) => cb({ from: name, got: x }));
  c.on("disconnect", (reason) => { disconnects[name] = reason; });
  closers.push(() => c.close());
  const welcome = await new Promise((resolve, reject) => {
    c.once("welcome", resolve);
    c.once("connect_error", reject);
  });
  out.welcome[name] = welcome;
  ids[name] = welcome.id;
  clients[name] = c;
}
const ask = (name, ...a) => clients[name].timeout(8000).emitWithAck(...a);
const rooms = async (name) => (await ask(name, "whoami")).rooms;

try {
  setStep("connect");
  await client("a1", urlA, "/", { user: "ua", room: "r1" });
  await client("b1", urlB, "/", { user: "ub" });
  await client("b2", urlB, "/", {});
  await client("ca", urlA, "/custom", { room: "r1" });
  await client("cb", urlB, "/custom", { user: "cu" });
  out.ids = ids;

  setStep("whoami");
  out.whoami = {};
  for (const name of Object.keys(clients)) out.whoami[name] = await ask(name, "whoami");

  setStep("join/leave");
  out.joinLeave = [await ask("b1", "join", "r2"), await rooms("b1"), await ask("b1", "leave", "r2"), await rooms("b1")];

  setStep("emit");
  const payload = { n: 1, bin: Buffer.from([1, 2, 3]), deep: [{ b: Buffer.from([4]) }] };
  out.emitAcks = [await ask("a1", "emit", { except: [ids.a1] }, "news", payload)];
  await until("b1 and b2 got news", () => traces.b1.length > 0 && traces.b2.length > 0);
  out.emitAcks.push(await ask("b1", "emit", { rooms: ["r1"] }, "news2", "to-r1"));
  out.emitAcks.push(await ask("b1", "emit", { rooms: ["r1"], local: true }, "local-news", "l"));
  out.emitAcks.push(await ask("b1", "emit", { rooms: ["r1"] }, "marker", "m"));
  await until("a1 got the marker", () => traces.a1.some((t) => t[0] === "marker"));
  // a volatile emit may be dropped by design (a write in progress, a heartbeat say): a1's trace
  // leaves it out, and a plain emit after it shows that the target was served
  out.emitAcks.push(await ask("a1", "emit", { rooms: [ids.a1], volatile: true }, "vol", "v"));
  out.emitAcks.push(await ask("a1", "emit", { rooms: [ids.a1] }, "marker2", "m2"));
  out.emitAcks.push(await ask("cb", "emit", {}, "cnews", { bin: Buffer.from([9]) }));
  await until("ca got cnews", () => traces.ca.length > 0);
  // the sender's node may deliver after the other (the streams adapter waits for the entry's
  // offset before delivering locally when recovery is on)
  await until("cb got cnews", () => traces.cb.length > 0);
  await until("a1 got marker2", () => traces.a1.some((t) => t[0] === "marker2"));
  out.volatileDelivered = traces.a1.some((t) => t[0] === "vol");
  traces.a1 = traces.a1.filter((t) => t[0] !== "vol");
  out.traces = JSON.parse(JSON.stringify(traces));

  setStep("emit-with-ack");
  const ewa = await ask("a1", "emit-with-ack", {}, "ask", { bin: Buffer.from([7]) }, 3000);
  out.emitWithAck = describe(ewa.responses ? { responses: ewa.responses.sort((x, y) => (x.from < y.from ? -1 : 1)) } : ewa);
  out.emitWithAckTimeout = await ask("a1", "emit-with-ack", { rooms: [ids.b2] }, "silent", null, 300);

  setStep("fetch");
  out.fetchAll = await ask("a1", "fetch", {});
  out.fetchR1 = await ask("b1", "fetch", { rooms: ["r1"] });
  out.fetchExceptR1 = await ask("b1", "fetch", { except: ["r1"] });
  out.fetchCustom = await ask("ca", "fetch");

  setStep("sockets-join/leave");
  out.socketsJoin = [await ask("a1", "sockets-join", { rooms: [ids.b1] }, "sj")];
  await until("b1 in sj", async () => (await rooms("b1")).includes("sj"));
  out.socketsJoin.push(await rooms("b1"));
  out.socketsJoin.push(await ask("a1", "sockets-leave", { rooms: ["sj"] }, "sj"));
  await until("b1 left sj", async () => !(await rooms("b1")).includes("sj"));
  out.socketsJoin.push(await rooms("b1"));

  setStep("all-rooms");
  out.allRooms = await ask("a1", "all-rooms");
  out.allRoomsCustom = await ask("cb", "all-rooms");

  setStep("server-side-emit");
  out.sseAck = await ask("a1", "server-side-emit", { k: "v", bin: Buffer.from([5, 6]) });
  if (urlA !== urlB) await until("node B recorded it", async () => (await ask("b1", "server-events")).length > 0);
  out.sseWithAck = describe(await ask("a1", "server-side-emit-with-ack", { q: Buffer.from([8]) }, 3000));
  out.serverEventsB = describe(await ask("b1", "server-events"));
  out.serverEventsA = describe(await ask("a1", "server-events"));
  out.serverEventsCustomB = describe(await ask("cb", "server-events"));

  setStep("disconnect-sockets");
  out.disconnectAcks = [await ask("a1", "disconnect-sockets", { rooms: [ids.b2] }, false)];
  await until("b2 disconnected", () => disconnects.b2);
  out.disconnectAcks.push(await ask("a1", "disconnect-sockets", { rooms: [ids.b1] }, true));
  await until("b1 disconnected", () => disconnects.b1);
  out.disconnects = { ...disconnects };

  clearTimeout(watchdog);
  finish({ ok: true, ...out });
} catch (e) {
  clearTimeout(watchdog);
  finish({ ok: false, error: "in step " + stepName + ": " + String(e && e.stack || e), out });
}
