// Byte vectors from the real socket.io-msgpack-parser (and its notepack.io): what its Encoder
// writes for the packets a server sends, what a client's packets look like, and what its
// Decoder says about bad input. Printed as hex, for the Java codec tests.
import { createRequire } from "node:module";
import { runScenario } from "../../../../socketio-servlet/src/test/js/lib.mjs";

const require = createRequire(import.meta.url);
const parser = require("socket.io-msgpack-parser");
const notepack = require("notepack.io");

const hex = (b) => Buffer.from(b).toString("hex");
const encode = (packet) => {
  const out = new parser.Encoder().encode(packet);
  if (out.length !== 1) {
    throw new Error(`${out.length} buffers for one packet`);
  }
  return hex(out[0]);
};

// key order: type, data, id, nsp (the order of our encoder; decoders ignore it)
const serverPackets = {
  connect: { type: 0, data: { sid: "abc" }, nsp: "/" },
  disconnect: { type: 1, nsp: "/admin" },
  event: { type: 2, data: ["hello", 0, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32,
    2 ** 53 - 1, -1, -32, -33, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, 1.5, -0.25,
    null, true, false, { k: "v", n: [] }, Buffer.from([1, 2])], nsp: "/" },
  // an integral number of 2^64 or more: notepack.io writes uint64 of its low bits (0 here)
  hugeInteger: { type: 2, data: ["h", 1e300], nsp: "/" },
  eventWithAck: { type: 2, data: ["q"], id: 3, nsp: "/chat" },
  ack: { type: 3, data: [42], id: 9007199254740991, nsp: "/" },
  connectError: { type: 4, data: { message: "invalid", data: { code: 1 } }, nsp: "/" },
  strings: { type: 2, data: ["x".repeat(31), "y".repeat(32), "é".repeat(200), "z".repeat(70000)], nsp: "/" },
  bins: { type: 2, data: ["b", Buffer.alloc(255, 1), Buffer.alloc(256, 2), Buffer.alloc(65536, 3)], nsp: "/" },
  arrays: { type: 2, data: ["a", new Array(15).fill(1), new Array(16).fill(2), new Array(65536).fill(0)], nsp: "/" },
};

// what socket.io-client 4.8 hands to the parser's encoder
const clientPackets = {
  connectNoAuth: { type: 0, data: undefined, nsp: "/" },
  connectAuth: { type: 0, data: { token: "t", n: 1 }, nsp: "/x" },
  event: { type: 2, data: ["ev", Buffer.from([1]), new Uint8Array([2, 3]), new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678)),
    undefined, { u: undefined, n: -7 }, 2 ** 40, -(2 ** 40), 0.1], options: { compress: true }, id: 5, nsp: "/" },
  ack: { type: 3, id: 0, data: [[new Uint8Array(0)]], nsp: "/" },
  disconnect: { type: 1, nsp: "/" },
};

const errors = {
  empty: Buffer.from([]),
  emptyMap: notepack.encode({}),
  typeString: notepack.encode({ type: "a" }),
  type7: notepack.encode({ type: 7 }),
  notMap: Buffer.from([1]),
  noNsp: notepack.encode({ type: 2 }),
  nspNumber: notepack.encode({ type: 2, nsp: 2 }),
  noData: notepack.encode({ type: 2, nsp: "/" }),
  dataNumber: notepack.encode({ type: 2, nsp: "/", data: 4 }),
  connectErrorArray: notepack.encode({ type: 4, nsp: "/", data: [] }),
  idString: notepack.encode({ type: 2, nsp: "/", data: [], id: "a" }),
  trailing: Buffer.concat([notepack.encode({ type: 1, nsp: "/" }), Buffer.from([0])]),
  truncated: notepack.encode({ type: 2, nsp: "/", data: ["hello"] }).subarray(0, 20),
  disconnectData: notepack.encode({ type: 1, nsp: "/", data: [1] }),
  connectArray: notepack.encode({ type: 0, nsp: "/", data: [1] }),
  ackNoArray: notepack.encode({ type: 3, nsp: "/", data: "x", id: 1 }),
  // accepted by the reference's parser, refused by the server's own rules for every parser
  emptyEvent: notepack.encode({ type: 2, nsp: "/", data: [] }),
  reservedEvent: notepack.encode({ type: 2, nsp: "/", data: ["disconnect"] }),
  ackWithoutId: notepack.encode({ type: 3, nsp: "/", data: [] }),
  negativeId: notepack.encode({ type: 2, nsp: "/", data: ["e"], id: -1 }),
};

runScenario(async () => {
  const server = {};
  for (const [name, packet] of Object.entries(serverPackets)) {
    server[name] = encode(packet);
  }
  const client = {};
  for (const [name, packet] of Object.entries(clientPackets)) {
    client[name] = encode(packet);
  }
  const decoded = {};
  for (const [name, bytes] of Object.entries(errors)) {
    const decoder = new parser.Decoder();
    let outcome = "ok";
    decoder.on("decoded", () => {});
    try {
      decoder.add(bytes);
    } catch (e) {
      outcome = e.message;
    }
    decoded[name] = { hex: hex(bytes), outcome };
  }
  return { server, client, decoded };
});
