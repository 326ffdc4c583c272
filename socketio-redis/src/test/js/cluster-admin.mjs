// The Admin UI's view of a cluster of feature fixtures started with ADMIN=basic: the official
// socket.io-client logs in to /admin on the first node (a wrong password first), an application
// client connects to the last node; the admin socket sees every node's server_stats
// (args.serverIds) and the client's socket_connected, joins it to a room and disconnects it
// through the adapter. Argument: {"urls", "serverIds", "timeoutMs"}. Prints one JSON line.
import { io } from "socket.io-client";

const args = JSON.parse(process.argv[2] || "{}");
const sockets = [];
let stage = "start";
const finish = (result) => {
  console.log(JSON.stringify(result));
  sockets.forEach((s) => s.close());
  process.exit(0);
};
const watchdog = setTimeout(() => finish({ ok: false, error: "timeout at " + stage }),
  args.timeoutMs || 20000);
const open = (url, opts) => new Promise((resolve) => {
  const s = io(url, { forceNew: true, reconnection: false, transports: ["websocket"], ...opts });
  sockets.push(s);
  s.log = [];
  s.onAny((ev, ...a) => s.log.push([ev, ...a]));
  s.once("connect", () => resolve({ socket: s }));
  s.once("connect_error", (e) => resolve({ error: e.message }));
});
const seen = (s, pred) => new Promise((resolve) => {
  const check = () => { const hit = s.log.find(pred); if (hit) resolve(hit); else setTimeout(check, 10); };
  check();
});
try {
  const first = args.urls[0];
  const last = args.urls[args.urls.length - 1];
  stage = "wrong password";
  const wrong = await open(first + "/admin", { auth: { username: "admin", password: "nope" } });
  stage = "login";
  const a = (await open(first + "/admin", { auth: { username: "admin", password: "changeit" } })).socket;
  if (!a) throw new Error("login refused");
  stage = "client";
  const c = (await open(last + "/", { auth: { user: "u" } })).socket;
  const id = c.id;
  stage = "server_stats of " + args.serverIds;
  for (const sid of args.serverIds) {
    await seen(a, (e) => e[0] === "server_stats" && e[1].serverId === sid);
  }
  stage = "socket_connected";
  const connected = await seen(a, (e) => e[0] === "socket_connected" && e[1].id === id);
  stage = "join through the adapter";
  a.emit("join", "/", "viaadmin", id);
  await seen(a, (e) => e[0] === "room_joined" && e[2] === "viaadmin" && e[3] === id);
  const who = await c.timeout(5000).emitWithAck("whoami");
  stage = "_disconnect through the adapter";
  const gone = new Promise((r) => c.once("disconnect", r));
  a.emit("_disconnect", "/", false, id);
  const reason = await gone;
  await seen(a, (e) => e[0] === "socket_disconnected" && e[2] === id);
  clearTimeout(watchdog);
  finish({ ok: true, wrong: wrong.error || "connected", connectedNsp: connected[1].nsp, clientNode: who.node,
    rooms: who.rooms.filter((r) => r !== id), reason,
    serverIds: [...new Set(a.log.filter((e) => e[0] === "server_stats").map((e) => e[1].serverId))].sort() });
} catch (e) {
  finish({ ok: false, error: "at " + stage + ": " + String((e && e.stack) || e) });
}
