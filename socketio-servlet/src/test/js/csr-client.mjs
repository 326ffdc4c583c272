// Connection state recovery with the official client: sockets on several namespaces of one
// Manager get an offset ("hi" -> "hello"), the connection is lost (closed by the client, or by
// the server on "drop"), the client reconnects by itself, and the script reports everything
// every socket's listeners saw, in order, until each got "after" (emitted by the server once the
// socket is connected again).
//
// args: url, transports, nsps (["/", "/chat"]), loss ("client" | "server"), timeoutMs
// result: { transportBefore, transportAfter, sockets: { "<nsp>": { firstId, secondId,
//   recovered, log: [{event, args?, connected, id?, recovered?, reason?}] } } }
import { Manager } from "socket.io-client";
import { runScenario, once, remaining, toByteArray } from "./lib.mjs";

function plain(value) {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { $bin: toByteArray(value) };
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  return value;
}

runScenario(async (args, ctx) => {
  const manager = new Manager(args.url, {
    transports: args.transports,
    reconnectionDelay: 300,
    reconnectionDelayMax: 300,
    randomizationFactor: 0,
    timeout: 5000,
  });
  const out = {};
  const sockets = args.nsps.map((nsp) => {
    const socket = manager.socket(nsp);
    const log = [];
    out[nsp] = { log };
    socket.on("connect", () =>
      log.push({ event: "connect", connected: socket.connected, id: socket.id, recovered: socket.recovered }));
    socket.on("disconnect", (reason) => log.push({ event: "disconnect", connected: socket.connected, reason }));
    socket.onAny((event, ...rest) => log.push({ event, args: plain(rest), connected: socket.connected, id: socket.id }));
    return socket;
  });
  const waitFor = (socket, event) => once(socket, event, remaining(ctx));
  const connecting = sockets.map((s) => waitFor(s, "connect"));
  sockets.forEach((s) => s.connect());
  await Promise.all(connecting);
  if (args.transports.length > 1 && manager.engine.transport.name !== "websocket") {
    await once(manager.engine, "upgrade", remaining(ctx));
  }
  const transportBefore = manager.engine.transport.name;
  // an event with an offset, so that the client has something to recover from
  await Promise.all(sockets.map((s) => {
    const hello = waitFor(s, "hello");
    s.emit("hi");
    return hello;
  }));
  sockets.forEach((s, i) => (out[args.nsps[i]].firstId = s.id));
  const gone = sockets.map((s) => waitFor(s, "disconnect"));
  if (args.loss === "server") {
    sockets[0].emit("drop");
  } else {
    manager.engine.close();
  }
  await Promise.all(gone);
  // the Manager reconnects by itself; the server emits "after" once a socket is back
  await Promise.all(sockets.map((s) => waitFor(s, "after")));
  sockets.forEach((s, i) => {
    out[args.nsps[i]].secondId = s.id;
    out[args.nsps[i]].recovered = s.recovered;
    out[args.nsps[i]].log = out[args.nsps[i]].log.slice();
  });
  const transportAfter = manager.engine.transport.name;
  manager.reconnection(false);
  sockets.forEach((s) => s.disconnect());
  return { transportBefore, transportAfter, sockets: out };
});
