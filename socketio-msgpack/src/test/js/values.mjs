// Describes JavaScript values as plain JSON for the result line, so that the Java test sees
// exactly what the client received: Buffers / ArrayBuffers / typed arrays as {"bin":[bytes]},
// dates as {"date":iso}, undefined as {"undefined":true}.
export function describe(value) {
  if (value === undefined) {
    return { undefined: true };
  }
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (value instanceof Date) {
    return { date: value.toISOString() };
  }
  if (value instanceof ArrayBuffer) {
    return { bin: Array.from(new Uint8Array(value)) };
  }
  if (ArrayBuffer.isView(value)) {
    return { bin: Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  }
  if (Array.isArray(value)) {
    return value.map(describe);
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = describe(v);
  }
  return out;
}
