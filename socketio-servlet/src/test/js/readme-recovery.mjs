// The README's connection state recovery snippet: alice and bob in the lobby; bob gets one chat,
// loses his connection, alice chats while he is away, bob's client reconnects by itself and gets
// what he missed, with the same socket id and `recovered` true.
import { io } from "socket.io-client";
import { runScenario, once, remaining } from "./lib.mjs";

runScenario(async (args, ctx) => {
  const opts = {
    transports: args.transports, forceNew: true,
    reconnectionDelay: 500, reconnectionDelayMax: 500, randomizationFactor: 0,
  };
  const alice = io(args.url, opts);
  const bob = io(args.url, opts);
  const texts = [];
  const connects = [];
  bob.on("chat", (message) => texts.push(message.text));
  bob.on("connect", () => connects.push({ id: bob.id, recovered: bob.recovered }));
  await Promise.all([once(alice, "connect", remaining(ctx)), once(bob, "connect", remaining(ctx))]);
  const first = once(bob, "chat", remaining(ctx));
  alice.emit("chat", { user: "alice", text: "before" });
  await first;
  const gone = once(bob, "disconnect", remaining(ctx));
  bob.io.engine.close();
  await gone;
  const back = once(bob, "connect", remaining(ctx));
  alice.emit("chat", { user: "alice", text: "while away" });
  await back;
  if (texts.length < 2) {
    await once(bob, "chat", remaining(ctx));
  }
  alice.close();
  bob.close();
  return { texts, connects };
});
