// Helpers of the sio-a-* scenario scripts (Socket.IO feature tests, part A).
//
// Binary values cross the JSON boundary between JUnit and Node as {"$bin":[bytes...]}:
//   - in arguments given to a script, {"$bin":[1,2,3],"$as":"arraybuffer"|"uint8array"|"buffer"}
//     becomes that JavaScript type ("buffer", a Node Buffer, when $as is missing);
//   - in results, every ArrayBuffer, Buffer or typed array becomes {"$bin":[...]}, and an
//     undefined value becomes {"$undefined":true};
//   - in results, a string holding U+0085, U+2028 or U+2029 becomes {"$chars":[UTF-16 code
//     units...]}: JSON.stringify leaves those characters raw, and the reader of the result line
//     (NodeScript.java) would take them for line breaks.
import { toByteArray } from "./lib.mjs";

/** Replaces {"$bin":[...]} markers by binary values, recursively. */
export function decodeValue(value) {
  if (Array.isArray(value)) {
    return value.map(decodeValue);
  }
  if (value !== null && typeof value === "object") {
    if (Array.isArray(value.$bin)) {
      const bytes = Uint8Array.from(value.$bin);
      switch (value.$as ?? "buffer") {
        case "arraybuffer":
          return bytes.buffer;
        case "uint8array":
          return bytes;
        case "buffer":
          return Buffer.from(bytes);
        default:
          throw new Error(`unknown $as: ${value.$as}`);
      }
    }
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = decodeValue(item);
    }
    return out;
  }
  return value;
}

/** Replaces binary values by {"$bin":[...]} markers (and undefined by a marker), recursively. */
export function encodeValue(value) {
  if (value === undefined) {
    return { $undefined: true };
  }
  if (typeof value === "string" && /[\u0085\u2028\u2029]/.test(value)) {
    return { $chars: Array.from({ length: value.length }, (_, i) => value.charCodeAt(i)) };
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { $bin: toByteArray(value) };
  }
  if (Array.isArray(value)) {
    return value.map(encodeValue);
  }
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = encodeValue(item);
    }
    return out;
  }
  return value;
}

/** A short description of a decoded Socket.IO packet, for the result. */
export function packetSummary(packet) {
  const summary = { type: packet.type, nsp: packet.nsp };
  if (packet.id !== undefined && packet.id !== null) {
    summary.id = packet.id;
  }
  // CONNECT (0) and CONNECT_ERROR (4) carry small objects worth reporting; events do not.
  if (packet.type === 0 || packet.type === 4) {
    summary.data = encodeValue(packet.data);
  }
  return summary;
}
