// Two web applications configured by context parameters only (socketio.adapter=redis): a client
// of node A shouts, a client of node B hears it through Redis. Argument: {"a", "b", "timeoutMs"}.
// Prints one JSON line; binaries are shown as {"buffer": [..]}.
import { io as connect } from "socket.io-client";

const args = JSON.parse(process.argv[2] || "{}");
const clients = [];
const finish = (result) => {
  console.log(JSON.stringify(result));
  clients.forEach((c) => c.close());
  process.exit(0);
};
const watchdog = setTimeout(() => finish({ ok: false, error: "timeout" }), args.timeoutMs || 20000);
const open = (url) => new Promise((resolve, reject) => {
  const c = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false });
  clients.push(c);
  c.once("connect", () => resolve(c));
  c.once("connect_error", reject);
});
try {
  const a = await open(args.a);
  const b = await open(args.b);
  const heard = new Promise((resolve) => b.once("heard", (...x) => resolve(x)));
  const ack = await a.timeout(5000).emitWithAck("shout", { text: "hello", bin: Buffer.from([1, 2]) });
  const [payload, node] = await heard;
  clearTimeout(watchdog);
  finish({ ok: true, ack, heard: { text: payload.text, bin: [...payload.bin], node } });
} catch (e) {
  clearTimeout(watchdog);
  finish({ ok: false, error: String(e && e.stack || e) });
}
