// Connection state recovery through the CDI bridge (socketio-cdi RecoveryTest): one
// socket.io-client socket connects, waits for the events the server sends on connection (they
// carry an offset when recovery is on), loses its connection (the engine closes: "transport
// close" on the server), reconnects by itself, and reports both connections; then it emits an
// event with an ack on the recovered connection and disconnects for good.
//
// Args (JSON, argv[2]):
//   url        base URL, e.g. "http://127.0.0.1:8080"                              (required)
//   nsp        namespace                                                     (default "/")
//   auth       auth payload                                                (default none)
//   awaitOnConnect  events to receive before the connection is lost        (default [])
//   ackEvent   event emitted with an ack once recovered                    (default none)
//   timeoutMs  overall watchdog                                            (default 15000)
//
// Result:
//   {"ok":true,
//    "connections":[{"id","recovered"},{"id","recovered"}],
//    "events":[[event, ...args]...]   every event received, in order, offsets included,
//    "eventsBeforeSecondConnect": n   how many of them came before the second "connect",
//    "ack":[..answer args]|null}
import { io } from "socket.io-client";
import { runScenario, log, once, remaining, deferred } from "./lib.mjs";

runScenario(async (args, ctx) => {
  if (!args.url) {
    throw new Error("args.url is required");
  }
  const socket = io(args.url + (args.nsp ?? "/"), {
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 100,
    ...(args.auth ? { auth: args.auth } : {}),
  });
  const connections = [];
  const events = [];
  const waiters = [];
  let eventsBeforeSecondConnect = null;
  const second = deferred();
  ctx.progress.connections = connections;
  ctx.progress.events = events;

  socket.onAny((event, ...eventArgs) => {
    events.push([event, ...eventArgs.filter((a) => typeof a !== "function")]);
    waiters.filter((w) => w.event === event).forEach((w) => w.resolve());
  });
  socket.on("connect", () => {
    connections.push({ id: socket.id, recovered: socket.recovered === true });
    log("connect", socket.id, "recovered", socket.recovered);
    if (connections.length === 2) {
      eventsBeforeSecondConnect = events.length;
      second.resolve();
    }
  });
  const received = (event) => {
    if (events.some((e) => e[0] === event)) {
      return Promise.resolve();
    }
    const w = deferred();
    waiters.push({ event, resolve: w.resolve });
    return w.promise;
  };

  await once(socket, "connect", remaining(ctx), ["connect_error"]);
  for (const event of args.awaitOnConnect ?? []) {
    await received(event);
  }

  // the connection is lost (not left): the Manager reconnects by itself
  socket.io.engine.close();
  await second.promise;

  let ack = null;
  if (args.ackEvent) {
    ack = await new Promise((resolve, reject) => {
      socket.timeout(5000).emit(args.ackEvent, (err, ...values) => (err ? reject(err) : resolve(values)));
    });
  }

  const engine = socket.io.engine;
  const closed = once(engine, "close", remaining(ctx));
  socket.disconnect();
  await closed;
  return { connections, events, eventsBeforeSecondConnect, ack };
});
