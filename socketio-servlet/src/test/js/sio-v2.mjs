// Socket.IO v2 clients (socket.io-client 2.5.0, Engine.IO v3) against a server with allowEIO3,
// driven by SocketIoV2ClientTest. One scenario per run:
//   session:   sockets on / and on /chat (with a query) of one Manager: ids, the server's
//              welcome, acks both ways with binary, the namespace's events, the transport
//              at the end (after the upgrade when both transports are allowed)
//   errors:    middleware rejections (with data, with a message only, on / through the query),
//              and an unknown namespace: the "error" event each socket gets
//   reconnect: the server closes the connection ("drop"); the Manager reconnects by itself
//   room:      a v2 and a v4 client join one room; the v4 one asks for a broadcast to it
//   refused:   a server without allowEIO3: what the client reports
//
// args: url, scenario, transports, forceBase64, timeoutMs (forceJSONP needs a browser's DOM)
// result: depends on the scenario (see SocketIoV2ClientTest)
import ioV2 from "socket.io-client-v2";
import { io as ioV4 } from "socket.io-client";
import { runScenario, once, remaining, toByteArray, log } from "./lib.mjs";

function plain(value) {
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { $bin: toByteArray(value) };
  }
  if (Array.isArray(value)) {
    return value.map(plain);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function emitWithAck(socket, ms, ...args) {
  return new Promise((resolve, reject) => {
    const who = socket.io && socket.io.engine && socket.io.engine.transport
      ? `${socket.io.engine.transport.name} ${socket.io.engine.id}` : "";
    const timer = setTimeout(() => reject(new Error(`no ack for ${args[0]} (${who})`)), ms);
    socket.emit(...args, (...answer) => {
      clearTimeout(timer);
      resolve(plain(answer));
    });
  });
}

/** Every argument of the next event, made plain. */
function nextArgs(emitter, event, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}"`)), ms);
    emitter.once(event, (...values) => {
      clearTimeout(timer);
      resolve(plain(values));
    });
  });
}

function options(args, extra = {}) {
  return {
    transports: args.transports,
    forceBase64: !!args.forceBase64,
    reconnection: false,
    timeout: 5000,
    ...extra,
  };
}

async function upgraded(manager, args, ctx) {
  if (args.transports.length > 1 && manager.engine.transport.name !== "websocket") {
    await once(manager.engine, "upgrade", remaining(ctx));
  }
  return manager.engine.transport.name;
}

const scenarios = {
  async session(args, ctx) {
    const manager = new ioV2.Manager(args.url, options(args));
    const root = manager.socket("/");
    const chat = manager.socket("/chat", { query: { token: "abc", n: "1" } });
    const welcomes = [once(root, "welcome", remaining(ctx)), once(chat, "welcome", remaining(ctx))];
    root.on("question", (x, cb) => cb(x + "!", Buffer.from([9, 8])));
    await Promise.all([once(root, "connect", remaining(ctx)), once(chat, "connect", remaining(ctx))]);
    const [welcomeRoot, welcomeChat] = (await Promise.all(welcomes)).map(plain);
    const echo = await emitWithAck(root, remaining(ctx), "echo", "h\u20acllo \ud83d\ude00",
      Buffer.from([1, 2, 3]), { nested: { bin: Buffer.from([4, 5]) } });
    const answer = nextArgs(root, "answer", remaining(ctx));
    root.emit("ask", "q");
    const answered = await answer;
    const chatEcho = await emitWithAck(chat, remaining(ctx), "echo", "in chat");
    const transport = await upgraded(manager, args, ctx);
    const echoAfter = await emitWithAck(root, remaining(ctx), "echo", Buffer.from([7]));
    const result = {
      engineId: manager.engine.id, rootId: root.id, chatId: chat.id, welcomeRoot, welcomeChat,
      echo, answered, chatEcho, transport, echoAfter,
    };
    root.close();
    chat.close();
    manager.close();
    return result;
  },

  async errors(args, ctx) {
    const manager = new ioV2.Manager(args.url, options(args));
    const errors = {};
    const waits = ["/secret", "/plain", "/nope"].map((nsp) => {
      const socket = manager.socket(nsp);
      return once(socket, "error", remaining(ctx)).then((e) => (errors[nsp] = plain(e)));
    });
    await Promise.all(waits);
    manager.close();
    const denied = ioV2(args.url, options(args, { forceNew: true, query: { deny: "1" } }));
    const rootError = plain(await once(denied, "error", remaining(ctx)));
    denied.close();
    return { errors, rootError };
  },

  async reconnect(args, ctx) {
    const socket = ioV2(args.url, options(args, {
      forceNew: true, reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 100,
      randomizationFactor: 0,
    }));
    await once(socket, "connect", remaining(ctx));
    const firstId = socket.id;
    const disconnected = once(socket, "disconnect", remaining(ctx));
    const reconnected = once(socket, "reconnect", remaining(ctx));
    socket.emit("drop");
    const reason = await disconnected;
    await reconnected;
    if (!socket.connected) {
      await once(socket, "connect", remaining(ctx));
    }
    const secondId = socket.id;
    const echo = await emitWithAck(socket, remaining(ctx), "echo", "again");
    socket.close();
    return { firstId, reason, secondId, echo };
  },

  async room(args, ctx) {
    const v2 = ioV2(args.url, options(args, { forceNew: true }));
    const v4 = ioV4(args.url, { transports: args.transports, forceNew: true, reconnection: false });
    await Promise.all([once(v2, "connect", remaining(ctx)), once(v4, "connect", remaining(ctx))]);
    ctx.progress.connected = true;
    await Promise.all([
      emitWithAck(v2, remaining(ctx), "join", "r1").then(() => (ctx.progress.v2Joined = true)),
      emitWithAck(v4, remaining(ctx), "join", "r1").then(() => (ctx.progress.v4Joined = true))]);
    const got = [once(v2, "shouted", remaining(ctx)), once(v4, "shouted", remaining(ctx))];
    v4.emit("shout", "r1", { text: "hi \ud83d\ude00", bin: Buffer.from([1, 2]) });
    const [v2Got, v4Got] = (await Promise.all(got)).map(plain);
    v2.close();
    v4.close();
    return { v2Got, v4Got };
  },

  async refused(args, ctx) {
    const socket = ioV2(args.url, options(args, { forceNew: true }));
    const error = await once(socket, "connect_error", remaining(ctx));
    socket.close();
    return { error: error.message, description: String(error.description ?? "") };
  },
};

runScenario(async (args, ctx) => {
  const scenario = scenarios[args.scenario];
  if (!scenario) {
    throw new Error(`unknown scenario ${args.scenario}`);
  }
  return scenario(args, ctx);
});
