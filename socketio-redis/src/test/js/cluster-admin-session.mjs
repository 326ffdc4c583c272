// The Admin UI's "remember me" across a cluster: the official socket.io-client logs in to /admin
// on args.login with the password (admin / changeit) and takes the session id it is sent, then
// connects to /admin of each of args.reuse with only {sessionId} (as the UI does on a page load),
// and with an id no node gave. With args.session instead of args.login, that id is reused. The
// Node.js reference with connection state recovery on never delivers the session id it emits
// from its middleware: "session" is then null (the test reads the id from Redis). Argument:
// {"login" | "session", "reuse": [urls], "timeoutMs"}. Prints one JSON line:
// {ok, session, reused: ["connected" | error message], unknown: [...]}.
import { io } from "socket.io-client";

const args = JSON.parse(process.argv[2] || "{}");
const sockets = [];
let stage = "start";
const finish = (result) => {
  console.log(JSON.stringify(result));
  sockets.forEach((s) => s.close());
  process.exit(0);
};
setTimeout(() => finish({ ok: false, error: "timeout at " + stage }), args.timeoutMs || 20000);
const open = (url, auth) => new Promise((resolve) => {
  const s = io(url + "/admin", { forceNew: true, reconnection: false, transports: ["websocket"],
    auth });
  sockets.push(s);
  s.log = [];
  // before connect: the Node.js reference sends "session" before its CONNECT reply
  s.onAny((ev, ...a) => s.log.push([ev, ...a]));
  s.once("connect", () => resolve({ socket: s }));
  s.once("connect_error", (e) => resolve({ error: e.message }));
});
const seen = (s, pred) => new Promise((resolve) => {
  const check = () => { const hit = s.log.find(pred); if (hit) resolve(hit); else setTimeout(check, 10); };
  check();
});
const outcome = async (url, auth) => {
  const r = await open(url, auth);
  if (r.error) return r.error;
  await seen(r.socket, (e) => e[0] === "config");
  r.socket.close();
  return "connected";
};
try {
  let session = args.session ?? null;
  if (args.login) {
    stage = "login on " + args.login;
    const first = await open(args.login, { username: "admin", password: "changeit" });
    if (first.error) throw new Error("login refused: " + first.error);
    await seen(first.socket, (e) => e[0] === "config"); // after "session", if any is sent
    const sent = first.socket.log.find((e) => e[0] === "session");
    session = sent ? sent[1] : null;
    first.socket.close();
    if (session === null) finish({ ok: true, session });
  }
  const reused = [];
  const unknown = [];
  for (const url of args.reuse) {
    stage = "session on " + url;
    reused.push(await outcome(url, { sessionId: session }));
    stage = "unknown session on " + url;
    unknown.push(await outcome(url, { sessionId: "0123456789abcdef" }));
  }
  finish({ ok: true, session, reused, unknown });
} catch (e) {
  finish({ ok: false, error: "at " + stage + ": " + String((e && e.stack) || e) });
}
