// The README scenario: two clients in the lobby; one sends "chat" with an ack, the other receives it.
import { io } from "socket.io-client";
import { runScenario } from "./lib.mjs";

runScenario(async (args) => {
  const opts = { transports: args.transports ?? ["websocket"], forceNew: true, reconnection: false };
  if (args.path) opts.path = args.path;
  const alice = io(args.url, opts);
  const bob = io(args.url, opts);
  const connected = (s) => new Promise((res, rej) => { s.on("connect", res); s.on("connect_error", rej); });
  await Promise.all([connected(alice), connected(bob)]);
  const received = new Promise((res) => bob.on("chat", res));
  const ack = await alice.timeout(5000).emitWithAck("chat", { user: "alice", text: "hi" });
  const message = args.expectBroadcast === false ? null : await received;
  alice.close();
  bob.close();
  return { ack, message };
});
