// The client-suite fixture (scripts/client-suite-server, ClientSuiteServer) as the official
// client's test suite uses it: a few of its namespaces, middlewares and events, the handshake
// delay and the server options it relies on, and connection state recovery. Reports what it saw;
// ClientSuiteServerTest checks it.
import { io } from "socket.io-client";
import { runScenario, once, remaining, toByteArray } from "./lib.mjs";

runScenario(async (args, ctx) => {
  const base = args.url;
  const wait = (emitter, event) => once(emitter, event, remaining(ctx));
  const opts = { forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 100 };
  const result = {};

  // the Engine.IO handshake alone: its options, and how long the handshake hook takes
  const t0 = Date.now();
  const res = await fetch(`${base}/socket.io/?EIO=4&transport=polling`);
  const open = JSON.parse((await res.text()).slice(1));
  result.handshakeMs = Date.now() - t0;
  result.open = { pingInterval: open.pingInterval, pingTimeout: open.pingTimeout };

  // the main namespace: simple events, acks both ways, dates, binary in and out
  const main = io(base, opts);
  await wait(main, "connect");
  result.mainRecovered = main.recovered;
  main.emit("hi");
  await wait(main, "hi");
  result.echo = await main.emitWithAck("echo", { a: [1, "b"] });
  result.getId = (await main.emitWithAck("getId")) === main.id;
  main.once("ack", (cb) => cb(5, { test: true }));
  const gotIt = wait(main, "got it");
  main.emit("ack");
  await gotIt;
  result.gotIt = true;
  result.ackDate = await main.emitWithAck("getAckDate", { test: true });
  const doge = wait(main, "doge");
  main.emit("doge");
  result.doge = Buffer.from(toByteArray(await doge)).toString("utf8");
  const buffack = wait(main, "buffack");
  main.emit("buffa", Buffer.from("x"));
  await buffack;
  const jsonbuff = wait(main, "jsonbuff-ack");
  main.emit("jsonbuff", { hello: "lol", message: Buffer.from("asdfasdf"), goodbye: "gotcha" });
  await jsonbuff;
  result.binaryIn = true;
  const utf8 = [];
  main.on("takeUtf8", (s) => utf8.push(s));
  main.emit("getUtf8");
  while (utf8.length < 5) {
    await wait(main, "takeUtf8");
  }
  result.utf8 = utf8;
  main.close();

  // the query string reaches the handshake; "fail" is refused by the main namespace's middleware
  const q = io(`${base}/?c=d`, opts);
  result.handshakeQuery = (await q.emitWithAck("getHandshake")).query.c;
  q.close();
  const failed = io(base, { ...opts, reconnection: false, query: { fail: true } });
  result.mainMiddleware = (await wait(failed, "connect_error")).message;
  failed.close();

  // the other namespaces
  const foo = io(`${base}/foo`, opts);
  await wait(foo, "connect");
  result.fooGetId = (await foo.emitWithAck("getId")) === foo.id;
  foo.close();
  const abc = io(`${base}/abc`, { ...opts, query: { a: "b" } });
  result.abcHandshakeQuery = (await wait(abc, "handshake")).query.a;
  abc.close();
  const no = io(`${base}/no`, { ...opts, reconnection: false });
  result.noMiddleware = (await wait(no, "connect_error")).message;
  no.close();
  for (const name of ["/timeout_socket", "/valid", "/asd"]) {
    const s = io(`${base}${name}`, opts);
    await wait(s, "connect");
    s.close();
  }
  result.emptyNamespaces = true;
  const unknown = io(`${base}/nosuch`, { ...opts, reconnection: false });
  result.unknownNamespace = (await wait(unknown, "connect_error")).message;
  unknown.close();

  // connection state recovery: a lost connection comes back with the same id, recovered
  const r = io(base, opts);
  await wait(r, "connect");
  const id = r.id;
  const hi = wait(r, "hi");
  r.emit("hi"); // an event from the server carries an offset (an ack does not)
  await hi;
  const gone = wait(r, "disconnect");
  r.io.engine.close();
  await gone;
  await wait(r, "connect");
  result.recovery = { sameId: r.id === id, recovered: r.recovered };
  r.close();
  return result;
});
