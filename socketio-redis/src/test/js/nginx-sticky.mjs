// Two feature-fixture nodes (docs/fixtures.md) on one Redis behind nginx with ip_hash stickiness
// (docs/nginx-sticky.conf), driven with socket.io-client 4.8: polling clients through the proxy stay
// on one node (every whoami answers it), clients upgrade to WebSocket through the proxy and stay,
// and broadcasts emitted on the other node (by a client connected to it directly) reach them all.
// Argument: {"proxy": url, "nodes": [{"url","id","kind"}, ..2], "timeoutMs"}. Prints one JSON line
// {"ok", "checks": [{"name","pass","actual","expected"}]}; binaries are shown as {"buffer": [..]}.
import { io as connect } from "socket.io-client";

const args = JSON.parse(process.argv[2] || "{}");
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
  args.timeoutMs || 40000);

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
function check(name, actual, expected) {
  const a = describe(actual);
  const e = describe(expected);
  const pass = JSON.stringify(a) === JSON.stringify(e);
  // a passing check shows its value once (the result line stays small)
  checks.push(pass ? { name, pass, actual: a } : { name, pass, actual: a, expected: e });
}
const until = (what, cond, ms = 10000) => new Promise((resolve) => {
  setStep(what);
  const end = Date.now() + ms;
  const poll = () => Promise.resolve(cond()).then((ok) => {
    if (ok) resolve(true);
    else if (Date.now() > end) resolve(false);
    else setTimeout(poll, 20);
  }, () => resolve(false));
  poll();
});

const clients = [];
function open(name, url, transports, extra = {}) {
  const socket = connect(url, { transports, auth: { user: name }, forceNew: true, reconnection: false, ...extra });
  closers.push(() => socket.close());
  const c = { name, socket, events: [], welcome: null, reason: null, upgraded: false, errors: [] };
  socket.on("welcome", (w) => { c.welcome = w; });
  socket.on("disconnect", (reason) => { c.reason = reason; });
  socket.on("connect_error", (e) => c.errors.push(String(e && e.message)));
  socket.io.on("open", () => socket.io.engine.on("upgrade", () => { c.upgraded = true; }));
  socket.onAny((ev, ...rest) => {
    if (ev === "welcome") return;
    const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : null;
    c.events.push({ ev, args: rest });
    if (ack) ack({ by: name, got: rest[0] });
  });
  clients.push(c);
  return c;
}
const call = (c, ev, ...a) => c.socket.timeout(10000).emitWithAck(ev, ...a);
const got = (c, ev) => c.events.filter((e) => e.ev === ev);

try {
  const [nodeA, nodeB] = args.nodes;
  const polling = [0, 1, 2].map((i) => open(`poll${i}`, args.proxy, ["polling"]));
  const upgrading = [0, 1].map((i) => open(`upgrade${i}`, args.proxy, ["polling", "websocket"]));
  const proxied = [...polling, ...upgrading];
  if (!await until("proxied clients welcomed", () => proxied.every((c) => c.welcome))) {
    throw new Error("not welcomed: " + JSON.stringify(proxied.map((c) => [c.name, c.errors])));
  }
  // ip_hash keys on the client address: every client of this script (127.0.0.1) gets one node
  const sticky = polling[0].welcome.node;
  check("the sticky node is one of the two", [nodeA.id, nodeB.id].includes(sticky), true);
  const other = sticky === nodeA.id ? nodeB : nodeA;

  setStep("polling clients stay on their node");
  for (const c of polling) {
    const seen = [];
    for (let n = 0; n < 8; n++) {
      const me = await call(c, "whoami");
      seen.push(me.node);
    }
    check(`${c.name}: every whoami answers its welcome node`, seen, Array(8).fill(c.welcome.node));
    check(`${c.name}: ip_hash node`, c.welcome.node, sticky);
    check(`${c.name}: still polling`, c.socket.io.engine.transport.name, "polling");
  }

  check("upgrading clients upgraded to WebSocket through nginx",
    await until("upgrades", () => upgrading.every((c) => c.upgraded)), true);
  for (const c of upgrading) {
    check(`${c.name}: transport after the upgrade`, c.socket.io.engine.transport.name, "websocket");
    const seen = [];
    for (let n = 0; n < 4; n++) seen.push((await call(c, "whoami")).node);
    check(`${c.name}: same node before and after the upgrade`, seen, Array(4).fill(c.welcome.node));
  }

  setStep("broadcast from the other node");
  const direct = open("direct", other.url, ["websocket"]);
  await until("direct client welcomed", () => direct.welcome);
  check("the direct client is on the other node", direct.welcome.node, other.id);
  const payload = { from: other.id, bin: Buffer.from([1, 2, 255]), deep: [{ b: Buffer.from([3]) }] };
  check("emit on the other node acked", await call(direct, "emit", {}, "from-other", payload), "ok");
  check("every proxied client got the other node's broadcast",
    await until("broadcast everywhere", () => proxied.every((c) => got(c, "from-other").length)),
    true);
  for (const c of proxied) check(`${c.name}: payload of the other node's broadcast`, got(c, "from-other")[0]?.args, [payload]);

  const acked = await call(direct, "emit-with-ack", { except: [direct.welcome.id] }, "ask", 1, 5000);
  if (acked.responses) acked.responses.sort((a, b) => (a.by < b.by ? -1 : 1));
  check("emit-with-ack from the other node answered by every proxied client", acked,
    { responses: proxied.map((c) => ({ by: c.name, got: 1 })).sort((a, b) => (a.by < b.by ? -1 : 1)) });

  check("emit through nginx acked", await call(polling[1], "emit", { rooms: [direct.welcome.id] }, "to-direct", payload), "ok");
  check("the other node's client got the proxied client's emit",
    await until("to-direct", () => got(direct, "to-direct").length), true);
  check("payload of the proxied emit", got(direct, "to-direct")[0]?.args, [payload]);
  check("nobody was disconnected", clients.filter((c) => c.reason).map((c) => [c.name, c.reason]), []);
  clearTimeout(watchdog);
  finish({ ok: true, checks });
} catch (e) {
  finish({ ok: false, error: `${stepName}: ${e && e.stack ? e.stack : e}`, checks });
}
