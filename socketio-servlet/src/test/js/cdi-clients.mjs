// CDI bridge scenarios (socketio-cdi tests): socket.io-client sockets connect, each to its
// namespace with its auth, wait for what the server sends on connection, emit their events in
// order (with or without ack), optionally call HTTP URLs of the web application, wait for more
// events, and end as told. The Java side checks what the observers saw.
//
// Args (JSON, argv[2]):
//   url          base URL, e.g. "http://127.0.0.1:8080"                          (required)
//   transports   ["polling"] | ["websocket"] | ["polling","websocket"]   (default websocket)
//   ackTimeoutMs how long an emit waits for its ack                        (default 5000)
//   clients      [{ "name": "alice",                                               (required)
//                   "nsp": "/chat",                                           (default "/")
//                   "auth": {..},                                             (default none)
//                   "expectError": false,  true: the connection must be refused (connect_error)
//                   "awaitOnConnect": ["welcome"],  events to receive before emitting
//                   "emits": [{"event":"e","args":[..],"ack":true}],   in order; an emit with
//                            "ack" waits for the answer unless it has "wait":false (then
//                            the answers are awaited after the last emit)
//                   "awaitEvents": ["announcement"],   events to receive after the http step
//                   "end": "disconnect" (client-side socket.disconnect(), the default)
//                        | "close" (closes the connection: transport close on the server)
//                        | "server" (waits until the server disconnects the socket)
//                        | "none" (leave it: the script's exit closes it) }]
//   http         ["/path?query"]: GET requests after every client emitted, before awaitEvents
//   timeoutMs    overall watchdog                                         (default 15000)
//
// Binary: {"$bytes":[1,2,255]} in args is sent as a Buffer; binary received is reported so.
//
// Result:
//   {"ok":true,
//    "clients":{name:{"id","connectError":{"message","data"}|null,"transport",
//                     "pingInterval","acks":[[..answer args]|{"error":".."}],
//                     "events":{event:[[..args],..]},"disconnectReason"}},
//    "http":[{"status":200,"body":".."}]}
import { io } from "socket.io-client";
import { runScenario, log, once, remaining, deferred } from "./lib.mjs";

function encode(value) {
  if (Array.isArray(value)) {
    return value.map(encode);
  }
  if (value !== null && typeof value === "object") {
    if (Array.isArray(value.$bytes)) {
      return Buffer.from(value.$bytes);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
  }
  return value;
}

function decode(value) {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const view = value instanceof ArrayBuffer ? new Uint8Array(value)
      : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    return { $bytes: Array.from(view) };
  }
  if (Array.isArray(value)) {
    return value.map(decode);
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
  return value;
}

runScenario(async (args, ctx) => {
  if (!args.url || !Array.isArray(args.clients)) {
    throw new Error("args.url and args.clients are required");
  }
  const transports = args.transports ?? ["websocket"];
  const ackTimeoutMs = args.ackTimeoutMs ?? 5000;
  const results = {};
  ctx.progress.results = results;

  const clients = args.clients.map((spec) => {
    const socket = io(args.url + (spec.nsp ?? "/"), {
      transports,
      forceNew: true,
      reconnection: false,
      ...(spec.auth ? { auth: spec.auth } : {}),
    });
    const result = { id: null, connectError: null, transport: null, pingInterval: null,
      acks: [], events: {}, disconnectReason: null };
    results[spec.name] = result;
    const waiters = [];
    const disconnected = deferred();
    socket.onAny((event, ...eventArgs) => {
      const plain = eventArgs.filter((a) => typeof a !== "function");
      (result.events[event] ??= []).push(decode(plain));
      waiters.filter((w) => w.event === event).forEach((w) => w.resolve());
    });
    socket.on("disconnect", (reason) => {
      result.disconnectReason = reason;
      disconnected.resolve(reason);
    });
    const received = (event) => {
      if (result.events[event]) {
        return Promise.resolve();
      }
      const w = deferred();
      waiters.push({ event, resolve: w.resolve });
      return w.promise;
    };
    return { spec, socket, result, received, disconnected: disconnected.promise };
  });

  // connect (all at once)
  await Promise.all(clients.map(async ({ spec, socket, result }) => {
    if (spec.expectError) {
      const err = await once(socket, "connect_error", remaining(ctx), ["connect"]);
      result.connectError = { message: err.message, data: err.data ?? null };
      socket.close();
      return;
    }
    await once(socket, "connect", remaining(ctx), ["connect_error"]);
    result.id = socket.id;
    result.transport = socket.io.engine.transport.name;
    // engine.io-client 6.6 keeps the handshake's pingInterval in _pingInterval
    result.pingInterval = socket.io.engine._pingInterval ?? socket.io.engine.pingInterval ?? null;
    log(spec.name, "connected", socket.id, result.transport);
  }));

  // emit, in order of the clients
  for (const { spec, socket, result, received } of clients) {
    if (spec.expectError) {
      continue;
    }
    for (const event of spec.awaitOnConnect ?? []) {
      await received(event);
    }
    const answers = [];
    for (const emit of spec.emits ?? []) {
      const emitArgs = encode(emit.args ?? []);
      if (emit.ack) {
        const answer = new Promise((resolve) => {
          socket.timeout(ackTimeoutMs).emit(emit.event, ...emitArgs, (err, ...values) => {
            resolve(err ? { error: err.message } : decode(values));
          });
        });
        answers.push(answer);
        if (emit.wait !== false) {
          await answer;
        }
      } else {
        socket.emit(emit.event, ...emitArgs);
      }
    }
    result.acks = await Promise.all(answers);
  }

  const http = [];
  for (const path of args.http ?? []) {
    const response = await fetch(args.url + path);
    http.push({ status: response.status, body: await response.text() });
  }

  for (const { spec, socket, received, disconnected } of clients) {
    if (spec.expectError) {
      continue;
    }
    for (const event of spec.awaitEvents ?? []) {
      await received(event);
    }
    const end = spec.end ?? "disconnect";
    if (end === "disconnect") {
      // the DISCONNECT packet is flushed before the connection closes
      const engine = socket.io.engine;
      const closed = once(engine, "close", remaining(ctx));
      socket.disconnect();
      await closed;
    } else if (end === "close") {
      // the WebSocket's own close (the server's answer to its close frame), not the engine's
      // (told at once): else the script may exit before the close frame left, and the server
      // sees the connection drop (a transport error) instead of a close
      const ws = socket.io.engine.transport?.ws;
      const wsClosed = ws && ws.readyState !== 3
        ? new Promise((resolve) => {
            ws.addEventListener("close", resolve);
            setTimeout(resolve, 3000);
          })
        : Promise.resolve();
      socket.io.engine.close();
      await disconnected;
      await wsClosed;
    } else if (end === "server") {
      await disconnected;
    }
  }
  return { clients: results, http };
});
