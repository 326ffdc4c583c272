// A Node.js node (socket.io 4.8 + @socket.io/redis-adapter 8.3) that a test kills (SIGKILL) in
// the middle of a request: it joins the cluster with key `args.key`, prints {"ready":true} once
// it counts `args.nodes` nodes, and prints {"got":"<event>"} for each server-side event without
// ever answering it. It runs until killed (or until its watchdog, `args.timeoutMs`, ends it).
// Argument: {"redis", "key", "nodes", "timeoutMs"}. One JSON object per stdout line.
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import Redis from "ioredis";

const args = JSON.parse(process.argv[2] || "{}");
const log = (...m) => console.error(new Date().toISOString(), ...m);
const say = (o) => console.log(JSON.stringify(o));
setTimeout(() => { say({ ok: false, error: "watchdog: not killed in time" }); process.exit(1); },
  args.timeoutMs || 30000);

try {
  const pub = new Redis(args.redis);
  const sub = pub.duplicate();
  const io = new Server({ adapter: createAdapter(pub, sub, { key: args.key }) });
  io.on("cluster:hold", (...a) => {
    // the ack callback (if any) is never called: this node dies before answering
    say({ got: "cluster:hold" });
  });
  while ((await io.of("/").adapter.serverCount()) < (args.nodes || 1)) {
    await new Promise((r) => setTimeout(r, 20));
  }
  log("ready");
  say({ ready: true });
} catch (e) {
  say({ ok: false, error: String(e && e.stack || e) });
  process.exit(1);
}
