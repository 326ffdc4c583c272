// Helpers shared by the sio-b-* scenario scripts (Socket.IO part B tests: rooms, broadcasts,
// broadcast acks, fetchSockets, disconnect reasons). See sio-b-clients.mjs for the scenario
// format; lib.mjs for the script contract (one JSON result line).
import { io } from "socket.io-client";
import { log, once, deferred, withTimeout } from "./lib.mjs";

/** Encodes event arguments as JSON-able data: binaries become {"$bin":[bytes]}. */
export function encodeValue(value) {
  if (value instanceof ArrayBuffer) {
    return { $bin: Array.from(new Uint8Array(value)) };
  }
  if (ArrayBuffer.isView(value)) {
    return { $bin: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  }
  if (Array.isArray(value)) {
    return value.map(encodeValue);
  }
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = encodeValue(v);
    }
    return out;
  }
  return value;
}

/**
 * Decodes arguments given by the Java test: {"$bin":[bytes]} becomes a Uint8Array, and the
 * strings "$id:<client>" become that client's socket id.
 */
export function decodeValue(value, clients) {
  if (typeof value === "string" && value.startsWith("$id:")) {
    const c = clients.get(value.substring(4));
    if (!c) {
      throw new Error(`unknown client in ${value}`);
    }
    return c.id ?? c.socket.id;
  }
  if (Array.isArray(value)) {
    return value.map((v) => decodeValue(v, clients));
  }
  if (value !== null && typeof value === "object") {
    if (Array.isArray(value.$bin) && Object.keys(value).length === 1) {
      return Uint8Array.from(value.$bin);
    }
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = decodeValue(v, clients);
    }
    return out;
  }
  return value;
}

/**
 * One Socket.IO client socket with everything it saw recorded:
 *   events       [{event, args, withAck}] in receiving order (every event, via onAny)
 *   disconnects  the reasons of its "disconnect" events
 *   connectErrors the messages of its "connect_error" events
 *
 * spec: {name, nsp, transports, waitUpgrade, auth, query, options, shareWith, answers, until}
 *   answers: event -> {reply:[...]} | {noReply:true} | {disconnect:true} | {closeEngine:true}
 *            (what to do when the server emits that event with an ack; default: reply [name])
 *   until:   the event that ends this client (default "done"); a disconnect ends it too
 */
export class RecordedClient {
  constructor(spec, url, clients) {
    this.spec = spec;
    this.name = spec.name;
    this.events = [];
    this.disconnects = [];
    this.connectErrors = [];
    this.upgraded = false;
    this.id = null;
    this.changed = new Set();
    this.finished = deferred();
    const nsp = spec.nsp ?? "/";
    const shared = spec.shareWith ? clients.get(spec.shareWith) : null;
    if (spec.shareWith && !shared) {
      throw new Error(`client ${spec.name}: unknown shareWith ${spec.shareWith}`);
    }
    if (shared) {
      this.socket = shared.socket.io.socket(nsp, { auth: spec.auth ?? {} });
    } else {
      this.socket = io(url + (nsp === "/" ? "" : nsp), {
        forceNew: true,
        reconnection: false,
        transports: spec.transports ?? ["polling", "websocket"],
        ...(spec.auth ? { auth: spec.auth } : {}),
        ...(spec.query ? { query: spec.query } : {}),
        ...(spec.options ?? {}),
      });
    }
    const until = spec.until ?? "done";
    const answers = spec.answers ?? {};
    this.socket.onAny((event, ...args) => {
      let ack = null;
      if (args.length && typeof args[args.length - 1] === "function") {
        ack = args.pop();
      }
      this.events.push({ event, args: encodeValue(args), withAck: ack !== null });
      this.notify();
      if (ack) {
        const how = answers[event] ?? { reply: [this.name] };
        if (how.reply) {
          ack(...decodeValue(how.reply, clients));
        } else if (how.disconnect) {
          this.socket.disconnect();
        } else if (how.closeEngine) {
          this.socket.io.engine.close();
        }
      }
      if (event === until) {
        this.finished.resolve();
      }
    });
    this.socket.on("disconnect", (reason) => {
      log(`client ${this.name}: disconnect (${reason})`);
      this.disconnects.push(reason);
      this.notify();
      this.finished.resolve();
    });
    this.socket.on("connect_error", (err) => {
      this.connectErrors.push(err && err.message ? err.message : String(err));
      this.notify();
    });
  }

  /** Wakes up the waiters. */
  notify() {
    for (const check of [...this.changed]) {
      check();
    }
  }

  /** Resolves when predicate() holds (checked at every recorded change). */
  until(predicate, ms, label) {
    if (predicate()) {
      return Promise.resolve();
    }
    return withTimeout(
      new Promise((resolve) => {
        const check = () => {
          if (predicate()) {
            this.changed.delete(check);
            resolve();
          }
        };
        this.changed.add(check);
      }),
      ms,
      `client ${this.name}: ${label}`,
    );
  }

  /** How many events with this name were received. */
  count(event) {
    return this.events.filter((e) => e.event === event).length;
  }

  /** Connects (resolves on "connect"), waits for the upgrade if asked. */
  async connect(ms) {
    if (!this.socket.connected) {
      await once(this.socket, "connect", ms, ["connect_error"]);
    }
    this.id = this.socket.id;
    const engine = this.socket.io.engine;
    engine.on("upgrade", () => {
      this.upgraded = true;
    });
    const transports = this.spec.transports ?? ["polling", "websocket"];
    if (this.spec.waitUpgrade && transports.includes("websocket") && engine.transport.name !== "websocket") {
      await once(engine, "upgrade", ms, ["close"]);
      this.upgraded = true;
    }
  }

  /** What the result line reports of this client. */
  result() {
    const engine = this.socket.io.engine;
    return {
      id: this.id ?? null,
      transport: engine && engine.transport ? engine.transport.name : null,
      upgraded: this.upgraded,
      events: this.events,
      disconnects: this.disconnects,
      connectErrors: this.connectErrors,
    };
  }
}

/**
 * Waits (at most 3 s) until an Engine.IO connection has closed and, on polling, until its last
 * POST (the close packet) was answered, so that it reached the server before the process exits.
 */
export async function settle(engine) {
  if (engine.readyState !== "closed") {
    await once(engine, "close", 3000).catch((e) => log(`close not seen: ${e.message}`));
  }
  const transport = engine.transport;
  if (transport && transport.name === "polling" && transport.writable === false) {
    await once(transport, "drain", 3000).catch((e) => log(`last POST not answered: ${e.message}`));
  }
}

/** Closes an Engine.IO connection from the client side and waits until it is done. */
export async function closeEngine(engine) {
  const done = settle(engine);
  engine.close();
  await done;
}

/**
 * Disconnects the clients and waits until their Engine.IO connections have closed (see
 * settle), so that what they sent last has reached the server before the process exits.
 */
export async function closeAll(clients) {
  const engines = new Set();
  for (const c of clients) {
    c.socket.off("disconnect");
    if (c.socket.io.engine) {
      engines.add(c.socket.io.engine);
    }
  }
  const settled = Promise.all([...engines].map(settle));
  for (const c of clients) {
    c.socket.disconnect();
  }
  await settled;
}
