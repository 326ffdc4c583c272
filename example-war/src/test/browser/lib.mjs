// Shared helpers of the chat's scenario scripts, launched by ChatScenario.java.
//
// Contract of every scenario script:
//   node <script>.mjs '<json args>'
//   - argv[2] is a JSON object (may be omitted: {} is used);
//   - exactly one JSON line is printed on stdout, at the end:
//       {"ok":true, ...result}    exit code 0
//       {"ok":false,"error":"..."} exit code 1
//   - before it, a line "@<request>" on stdout asks the test for something (signal()); the test
//     answers with one line on stdin;
//   - diagnostics go to stderr (log());
//   - an overall watchdog (args.timeoutMs, default 15000) ends the script with an error
//     result, so a script never hangs whatever the server or the browser does; the cleanups
//     registered with ctx.cleanup (closing the browser) run first, on success and on failure.

import { createInterface } from "node:readline";

const DEFAULT_TIMEOUT_MS = 15000;
const CLEANUP_TIMEOUT_MS = 10000;

let finished = false;
const cleanups = [];

/** Writes to stderr (never stdout, which carries the signals and the result line). */
export function log(...parts) {
  const text = parts.map((p) => (typeof p === "string" ? p : safeStringify(p))).join(" ");
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
  return typeof err === "string" ? err : safeStringify(err);
}

/** Runs the registered cleanups (last registered first), each bounded in time. */
async function runCleanups() {
  while (cleanups.length > 0) {
    const fn = cleanups.pop();
    try {
      await withTimeout(Promise.resolve().then(fn), CLEANUP_TIMEOUT_MS, "cleanup");
    } catch (e) {
      log(`cleanup failed: ${errorMessage(e)}`);
    }
  }
}

/** Runs the cleanups, prints the single result line and exits. Only the first call counts. */
async function finish(result) {
  if (finished) {
    return;
  }
  finished = true;
  await runCleanups();
  let line;
  let code = result.ok ? 0 : 1;
  try {
    line = JSON.stringify(result);
  } catch (e) {
    line = JSON.stringify({ ok: false, error: `unserializable result: ${errorMessage(e)}` });
    code = 1;
  }
  const fallback = setTimeout(() => process.exit(code), 2000);
  fallback.unref();
  process.stdout.write(line + "\n", () => process.exit(code));
}

function parseArgs(argv = process.argv) {
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
 * {"ok":true, ...returnedObject}; any error, unhandled rejection or watchdog expiry prints
 * {"ok":false,"error":..., "progress":ctx.progress} instead.
 *
 * ctx.progress: an object the scenario fills as it goes (reported on failure).
 * ctx.cleanup(fn): registers an async cleanup, run before the result is printed.
 * ctx.remaining(): milliseconds left before the watchdog.
 */
export function runScenario(fn) {
  const ctx = {
    progress: {},
    deadline: 0,
    cleanup: (f) => cleanups.push(f),
    remaining: () => Math.max(1, ctx.deadline - Date.now()),
  };
  const failWith = (message) => finish({ ok: false, error: String(message), progress: ctx.progress });

  process.on("uncaughtException", (err) => failWith(`uncaught exception: ${errorMessage(err)}`));
  process.on("unhandledRejection", (err) => failWith(`unhandled rejection: ${errorMessage(err)}`));

  let args;
  try {
    args = parseArgs();
  } catch (e) {
    failWith(`bad arguments: ${errorMessage(e)}`);
    return;
  }
  const timeoutMs = Number(args.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    failWith(`bad timeoutMs: ${args.timeoutMs}`);
    return;
  }
  ctx.deadline = Date.now() + timeoutMs;
  // not unref'd: the watchdog also keeps the process alive until a result is printed
  setTimeout(() => failWith(`watchdog: scenario did not finish within ${timeoutMs} ms`), timeoutMs);

  Promise.resolve()
    .then(() => fn(args, ctx))
    .then(
      (result) => finish({ ok: true, ...(result ?? {}) }),
      (err) => {
        if (err instanceof Error && err.stack) {
          log(err.stack);
        }
        failWith(errorMessage(err));
      },
    );
}

let stdinLines = null;
const waiting = [];

/**
 * Asks the test for something: prints "@<request>" on stdout and resolves with the test's
 * one-line answer on stdin. Rejects after ms, or when stdin ends first.
 */
export function signal(request, ms) {
  if (stdinLines === null) {
    stdinLines = createInterface({ input: process.stdin });
    stdinLines.on("line", (line) => {
      const next = waiting.shift();
      if (next) {
        next.resolve(line);
      } else {
        log(`unexpected line on stdin: ${line}`);
      }
    });
    stdinLines.on("close", () => waiting.splice(0).forEach((w) => w.reject(new Error("stdin closed"))));
  }
  const answer = new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  process.stdout.write(`@${request}\n`);
  return withTimeout(answer, ms, `answer to "@${request}"`);
}

/** Rejects with "timeout: <label> (ms ms)" if the promise does not settle within ms. */
export function withTimeout(promise, ms, label) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout: ${label} (${ms} ms)`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Waits for one occurrence of an event on an emitter with on/off (component-emitter,
 * EventEmitter), optionally one whose first argument satisfies accept. Rejects on timeout, or
 * when one of failEvents fires first. Resolves with the first event argument.
 */
export function once(emitter, event, ms, { accept = () => true, failEvents = [] } = {}) {
  const handlers = [];
  const off = () => handlers.forEach(([name, h]) => emitter.off(name, h));
  const on = (name, h) => {
    emitter.on(name, h);
    handlers.push([name, h]);
  };
  const promise = new Promise((resolve, reject) => {
    on(event, (value) => {
      if (accept(value)) {
        off();
        resolve(value);
      }
    });
    for (const bad of failEvents) {
      on(bad, (value) => {
        off();
        reject(new Error(`"${bad}" before "${event}": ${errorMessage(value)}`));
      });
    }
  });
  return withTimeout(promise, ms, `waiting for "${event}"`).finally(off);
}

/** Throws unless the condition holds. */
export function check(condition, message) {
  if (!condition) {
    throw new Error(`check failed: ${message}`);
  }
}
