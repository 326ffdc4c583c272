// Shared helpers for the scenario scripts launched by NodeScript.java.
//
// Contract of every scenario script:
//   node <script>.mjs '<json args>'
//   - argv[2] is a JSON object (may be omitted: {} is used);
//   - exactly one JSON line is printed on stdout, at the end:
//       {"ok":true, ...result}    exit code 0
//       {"ok":false,"error":"..."} exit code 1
//   - diagnostics go to stderr (log());
//   - an overall watchdog (args.timeoutMs, default 15000) ends the script with an error
//     result, so a script never hangs whatever the server does.
//
// Usage:
//   import { runScenario } from "./lib.mjs";
//   runScenario(async (args, ctx) => { ...; return { some: "result" }; });

const DEFAULT_TIMEOUT_MS = 15000;

let finished = false;

/** Writes to stderr (never stdout, which carries the single result line). */
export function log(...parts) {
  const text = parts
    .map((p) => (typeof p === "string" ? p : safeStringify(p)))
    .join(" ");
  process.stderr.write(`[${new Date().toISOString()}] ${text}\n`);
}

function safeStringify(value) {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

function errorMessage(err) {
  if (err instanceof Error) {
    return err.message || err.name || String(err);
  }
  if (typeof err === "string") {
    return err;
  }
  return safeStringify(err);
}

/**
 * Prints the single result line and exits. Only the first call has an effect.
 * @param {object} result  the object to print; must contain "ok"
 * @param {number} code    process exit code
 */
export function finish(result, code = result && result.ok ? 0 : 1) {
  if (finished) {
    return;
  }
  finished = true;
  let line;
  try {
    line = JSON.stringify(result);
  } catch (e) {
    line = JSON.stringify({ ok: false, error: `unserializable result: ${errorMessage(e)}` });
    code = 1;
  }
  // Exit after the line is flushed; a fallback timer guards against a stuck stream.
  const fallback = setTimeout(() => process.exit(code), 2000);
  fallback.unref();
  process.stdout.write(line + "\n", () => process.exit(code));
}

/** Prints {"ok":false,"error":message, ...extra} and exits with code 1. */
export function fail(message, extra = {}) {
  finish({ ok: false, error: String(message), ...extra }, 1);
}

/**
 * Parses argv[2] as a JSON object.
 * @returns {object}
 */
export function parseArgs(argv = process.argv) {
  const raw = argv[2];
  if (raw === undefined || raw.trim() === "") {
    return {};
  }
  const parsed = JSON.parse(raw);
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new Error("argument must be a JSON object");
  }
  return parsed;
}

/**
 * Runs a scenario: parses the args, arms the watchdog, awaits fn(args, ctx) and prints
 * {"ok":true, ...returnedObject}. Any thrown error, unhandled rejection, uncaught
 * exception or watchdog expiry prints {"ok":false,"error":...} instead.
 *
 * ctx.progress is an object the scenario may fill as it goes; its content is included in
 * the error result (as "progress") when the scenario fails or times out, which helps to see
 * how far it got.
 *
 * @param {(args: object, ctx: {progress: object, deadline: number}) => Promise<object>} fn
 */
export function runScenario(fn) {
  const ctx = { progress: {}, deadline: 0 };
  const failWith = (message) => fail(message, { progress: ctx.progress });

  process.on("uncaughtException", (err) => failWith(`uncaught exception: ${errorMessage(err)}`));
  process.on("unhandledRejection", (err) => failWith(`unhandled rejection: ${errorMessage(err)}`));

  let args;
  try {
    args = parseArgs();
  } catch (e) {
    fail(`bad arguments: ${errorMessage(e)}`);
    return;
  }

  const timeoutMs = Number(args.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    fail(`bad timeoutMs: ${args.timeoutMs}`);
    return;
  }
  ctx.deadline = Date.now() + timeoutMs;
  // Not unref'd: the watchdog also keeps the process alive until a result is printed.
  setTimeout(() => failWith(`watchdog: scenario did not finish within ${timeoutMs} ms`), timeoutMs);

  Promise.resolve()
    .then(() => fn(args, ctx))
    .then(
      (result) => finish({ ok: true, ...(result ?? {}) }, 0),
      (err) => {
        if (err instanceof Error && err.stack) {
          log(err.stack);
        }
        failWith(errorMessage(err));
      },
    );
}

/** Resolves after ms milliseconds. */
export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise with its resolve/reject functions exposed. */
export function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Rejects with "timeout: <label> (ms ms)" if the promise does not settle within ms.
 */
export function withTimeout(promise, ms, label) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout: ${label} (${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Waits for one occurrence of an event on an emitter with on/off (component-emitter,
 * EventEmitter). Rejects on timeout, or when one of failEvents fires first.
 * Resolves with the first event argument.
 */
export function once(emitter, event, ms, failEvents = []) {
  return withTimeout(
    new Promise((resolve, reject) => {
      const cleanups = [];
      const cleanup = () => cleanups.forEach((c) => c());
      const on = (name, handler) => {
        emitter.on(name, handler);
        cleanups.push(() => emitter.off(name, handler));
      };
      on(event, (value) => {
        cleanup();
        resolve(value);
      });
      for (const bad of failEvents) {
        on(bad, (value) => {
          cleanup();
          reject(new Error(`"${bad}" before "${event}": ${errorMessage(value)}`));
        });
      }
    }),
    ms,
    `waiting for "${event}"`,
  );
}

/** Milliseconds left before the watchdog fires (at least 1). */
export function remaining(ctx) {
  return Math.max(1, ctx.deadline - Date.now());
}

/** Converts Buffer / ArrayBuffer / typed array / DataView to a plain array of byte numbers. */
export function toByteArray(data) {
  if (data instanceof ArrayBuffer) {
    return Array.from(new Uint8Array(data));
  }
  if (ArrayBuffer.isView(data)) {
    return Array.from(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }
  throw new Error(`not binary data: ${typeof data}`);
}

/** True for string data, false for binary data (Buffer, ArrayBuffer, views). */
export function isText(data) {
  return typeof data === "string";
}
