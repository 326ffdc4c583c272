// The README's "Parsers" client code, run against the README's server code (MsgpackReadmeTest).
import { runScenario } from "../../../../socketio-servlet/src/test/js/lib.mjs";
// README:JS:BEGIN
import { io } from "socket.io-client";
import parser from "socket.io-msgpack-parser";
// README:JS:END

runScenario(async (args) => {
  const url = args.url;
  const jpegBytes = [0xff, 0xd8, 0xff, 0xe0, 1, 2, 3];
  const transports = args.transports;
  // README:JS2:BEGIN
  const socket = io(url, { parser, transports });
  const size = await socket.emitWithAck("photo", new Uint8Array(jpegBytes));
  // README:JS2:END
  socket.disconnect();
  return { size };
});
