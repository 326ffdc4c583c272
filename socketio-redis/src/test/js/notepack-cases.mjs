// Byte fixtures from the real notepack.io (the version @socket.io/redis-adapter 8.3 uses).
// Argument: {"decode": {"name": "<hex>", ...}}. Prints one JSON line:
// {"ok":true, "version": "...", "encoded": {"name": "<hex>", ...}, "decoded": {"name": <described>, ...}}
// where a decoded value is described with its JavaScript types made visible.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const notepack = require("notepack.io");
const version = require("notepack.io/package.json").version;

const args = JSON.parse(process.argv[2] || "{}");

const cases = {
  nil: null,
  undefinedInArray: [undefined, 1],
  undefinedInMap: { a: undefined, b: 1 },
  true: true,
  false: false,
  ints: [0, 127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, -1, -32, -33, -128, -129, -32768, -32769, -2147483648, -2147483649, 9007199254740991, -9007199254740991],
  negativeZero: -0,
  integralDouble: 1.0,
  floats: [1.5, -0.25, 3.141592653589793, 1e300],
  nonFinite: [NaN, Infinity, -Infinity],
  strings: ["", "a", "é", "€", "😀", "x".repeat(31), "x".repeat(32), "x".repeat(255), "x".repeat(256), "y".repeat(65536)],
  binary: Buffer.from([1, 2, 3]),
  emptyBinary: Buffer.alloc(0),
  binary256: Buffer.alloc(256, 7),
  uint8Array: new Uint8Array([4, 5]),
  arrayBuffer: new Uint8Array([6, 7]).buffer,
  set: new Set(["a"]),
  map: new Map([["a", 1]]),
  array16: Array.from({ length: 16 }, (_, i) => i),
  map16: Object.fromEntries(Array.from({ length: 16 }, (_, i) => ["k" + i, i])),
  nested: { a: [1, { b: Buffer.from([255]) }], c: "d" },
  date: new Date(1700000000000),
  dateMillis: new Date(1700000000123),
  datePre1970: new Date(-1000),
  // the adapter's broadcast message for io.to("room1").emit("hello", "world") (map §A.3)
  broadcastRoom1: ["Ab3xYz", { type: 2, data: ["hello", "world"], nsp: "/" }, { rooms: ["room1"], except: [], flags: {} }],
  broadcastBinary: ["Ab3xYz", { type: 2, data: ["bin", Buffer.from([1, 2, 3]), { x: 1.5 }], nsp: "/custom" }, { rooms: [], except: ["abc"], flags: { volatile: true } }],
};

function hex(buf) {
  return Buffer.from(buf).toString("hex");
}

// makes the JavaScript types of a decoded value visible in JSON
function describe(v) {
  if (v === undefined) return { undefined: true };
  if (v === null) return null;
  if (Buffer.isBuffer(v)) return { buffer: [...v] };
  if (v instanceof ArrayBuffer) return { arrayBuffer: [...new Uint8Array(v)] };
  if (v instanceof Date) return { date: v.getTime() };
  if (Array.isArray(v)) return v.map(describe);
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { number: "NaN" };
    if (!Number.isFinite(v)) return { number: String(v) };
    if (Object.is(v, -0)) return { number: "-0" };
    return v;
  }
  if (typeof v === "object") {
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = describe(x);
    return { object: out };
  }
  return v;
}

try {
  const encoded = {};
  for (const [name, value] of Object.entries(cases)) encoded[name] = hex(notepack.encode(value));
  const decoded = {};
  for (const [name, h] of Object.entries(args.decode || {})) {
    try {
      decoded[name] = { value: describe(notepack.decode(Buffer.from(h, "hex"))) };
    } catch (e) {
      decoded[name] = { error: String(e.message) };
    }
  }
  console.log(JSON.stringify({ ok: true, version, encoded, decoded }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, error: String(e && e.stack || e) }));
}
