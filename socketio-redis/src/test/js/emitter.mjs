// The Node.js @socket.io/redis-emitter 5.1 (a publish-only process) talking to the Java node
// under test: broadcasts (rooms, except, binary), socketsJoin, disconnectSockets and a
// server-side event, then a fence broadcast. Argument: {"redis": "redis://127.0.0.1:P"}.
// Prints one JSON line {"ok": true} once everything is published.
import { Emitter } from "@socket.io/redis-emitter";
import Redis from "ioredis";

const args = JSON.parse(process.argv[2] || "{}");
const redis = new Redis(args.redis);
try {
  const emitter = new Emitter(redis);
  emitter.to("room1").emit("e-room", Buffer.from([1, 2]), { n: 1.5 });
  emitter.except("room1").emit("e-except");
  emitter.in("room1").socketsJoin("e-joined");
  emitter.in("gone").disconnectSockets(true);
  emitter.serverSideEmit("cluster:event", "from-emitter");
  emitter.of("/custom").emit("e-custom");
  emitter.emit("e-fence");
  // the emitter does not wait: a round trip makes sure every command was sent
  await redis.ping();
  console.log(JSON.stringify({ ok: true }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e && e.stack || e) }));
} finally {
  redis.disconnect();
}
