// Connection state recovery with socket.io-msgpack-parser: bob gets one chat (binary inside),
// loses his connection, alice chats while he is away, bob's client reconnects by itself and
// gets what he missed (the offset the server appends travels inside the msgpack map), with the
// same socket id and `recovered` true.
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { runScenario, once, remaining } from "../../../../socketio-servlet/src/test/js/lib.mjs";
import { describe } from "./values.mjs";

const require = createRequire(import.meta.url);
const parser = require("socket.io-msgpack-parser");

runScenario(async (args, ctx) => {
  const opts = {
    transports: args.transports, parser, forceNew: true,
    reconnectionDelay: 500, reconnectionDelayMax: 500, randomizationFactor: 0,
  };
  const alice = io(args.url, opts);
  const bob = io(args.url, opts);
  const chats = [];
  const connects = [];
  bob.on("chat", (message) => chats.push(describe(message)));
  bob.on("connect", () => connects.push({ id: bob.id, recovered: bob.recovered }));
  await Promise.all([once(alice, "connect", remaining(ctx)), once(bob, "connect", remaining(ctx))]);
  const first = once(bob, "chat", remaining(ctx));
  alice.emit("chat", { text: "before", bin: Buffer.from([1]) });
  await first;
  const gone = once(bob, "disconnect", remaining(ctx));
  bob.io.engine.close();
  await gone;
  const back = once(bob, "connect", remaining(ctx));
  await alice.timeout(remaining(ctx)).emitWithAck("chat", { text: "while away", bin: Buffer.from([2]) });
  await back;
  if (chats.length < 2) {
    await once(bob, "chat", remaining(ctx));
  }
  alice.close();
  bob.close();
  return { chats, connects };
});
