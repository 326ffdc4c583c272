// The chat's events with the official Node.js socket.io-client (no browser): nickname refusals
// with their reason, rooms, join/leave acks with history and members, presence, messages and
// images (binary) to the others but not back to the sender (and once when resent with the same
// client id), typing, and error acks for bad input.
//
// Args: {url, transports: ["polling"] | ["websocket"], timeoutMs}
// Result: {refusals, rooms, historyKinds, received}
import { io } from "socket.io-client";
import { check, log, once, runScenario } from "./lib.mjs";

const STEP_MS = 5000;

runScenario(async (args, ctx) => {
  const sockets = [];
  ctx.cleanup(() => sockets.forEach((s) => s.close()));
  const client = (auth) => {
    const s = io(args.url, { auth, forceNew: true, reconnection: false, transports: args.transports });
    sockets.push(s);
    return s;
  };
  const connected = async (nickname) => {
    const s = client({ nickname });
    const rooms = once(s, "rooms", STEP_MS); // sent on connect
    await once(s, "connect", STEP_MS, { failEvents: ["connect_error"] });
    return { socket: s, rooms: await rooms };
  };
  const refused = async (auth) => {
    const s = client(auth);
    const err = await once(s, "connect_error", STEP_MS, { failEvents: ["connect"] });
    s.close();
    return { message: err.message, reason: err.data && err.data.reason };
  };
  /** Everything a socket receives, by event, to check what did not happen at the end. */
  const record = (s) => {
    const got = {};
    s.onAny((event, ...payload) => (got[event] ??= []).push(payload[0]));
    return got;
  };
  const ack = (s, ...emitArgs) => s.timeout(STEP_MS).emitWithAck(...emitArgs);
  const step = (name) => {
    ctx.progress.step = name;
    log(name);
  };

  step("refusals");
  const refusals = {
    missing: await refused({}),
    blank: await refused({ nickname: "   " }),
    invalid: await refused({ nickname: "<b>bold</b>" }),
    tooLong: await refused({ nickname: "x".repeat(25) }),
  };
  check(refusals.missing.reason === "required" && refusals.missing.message === "Choose a nickname first",
    `missing nickname: ${JSON.stringify(refusals.missing)}`);
  check(refusals.blank.reason === "required", `blank nickname: ${JSON.stringify(refusals.blank)}`);
  check(refusals.invalid.reason === "invalid", `invalid nickname: ${JSON.stringify(refusals.invalid)}`);
  check(refusals.tooLong.reason === "invalid", `long nickname: ${JSON.stringify(refusals.tooLong)}`);

  step("connect");
  const { socket: alice, rooms } = await connected("alice");
  check(JSON.stringify(rooms) === JSON.stringify(["general", "random"]), `rooms: ${JSON.stringify(rooms)}`);
  const aliceGot = record(alice);
  refusals.taken = await refused({ nickname: "ALICE" });
  check(refusals.taken.reason === "taken" && refusals.taken.message === "The nickname ALICE is taken",
    `taken nickname: ${JSON.stringify(refusals.taken)}`);
  const { socket: bob } = await connected("bob");
  const bobGot = record(bob);

  step("join");
  const aliceJoin = await ack(alice, "join", "general");
  check(JSON.stringify(aliceJoin) === JSON.stringify({ room: "general", history: [], members: ["alice"] }),
    `alice's join: ${JSON.stringify(aliceJoin)}`);
  const presence = once(alice, "presence", STEP_MS, { accept: (p) => p.joined === "bob" });
  const bobJoin = await ack(bob, "join", " General ");
  check(bobJoin.room === "general" && JSON.stringify(bobJoin.members) === JSON.stringify(["alice", "bob"]),
    `bob's join: ${JSON.stringify(bobJoin)}`);
  const joinedPresence = await presence;
  check(joinedPresence.room === "general" && JSON.stringify(joinedPresence.members) === JSON.stringify(["alice", "bob"]),
    `presence: ${JSON.stringify(joinedPresence)}`);

  step("message");
  const bobMessage = once(bob, "message", STEP_MS);
  const messageAck = await ack(alice, "message", { room: "general", text: "hello", clientId: "c1" });
  check(typeof messageAck.id === "string" && typeof messageAck.time === "number", `ack: ${JSON.stringify(messageAck)}`);
  const m = await bobMessage;
  check(m.kind === "message" && m.id === messageAck.id && m.room === "general" && m.from === "alice"
    && m.text === "hello" && m.time === messageAck.time && m.clientId === "c1", `bob got ${JSON.stringify(m)}`);
  // sent again (a page does so after a reconnection when the ack was lost): the first answer
  // again, and nothing more for bob nor in the history (both checked below)
  const again = await ack(alice, "message", { room: "general", text: "hello", clientId: "c1" });
  check(again.id === messageAck.id && again.time === messageAck.time, `resent: ${JSON.stringify(again)}`);

  step("image");
  const bytes = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7) & 0xff);
  const bobImage = once(bob, "image", STEP_MS);
  const imageAck = await ack(alice, "image", { room: "general", name: "x.png", type: "image/png", data: bytes, clientId: "c2" });
  check(typeof imageAck.id === "string", `image ack: ${JSON.stringify(imageAck)}`);
  const imageAgain = await ack(alice, "image", { room: "general", name: "x.png", type: "image/png", data: bytes, clientId: "c2" });
  check(imageAgain.id === imageAck.id, `image resent: ${JSON.stringify(imageAgain)}`);
  const img = await bobImage;
  check(img.kind === "image" && img.id === imageAck.id && img.from === "alice" && img.name === "x.png"
    && img.type === "image/png" && img.clientId === "c2", `bob got image ${JSON.stringify({ ...img, data: undefined })}`);
  check(Buffer.isBuffer(img.data) && Buffer.compare(img.data, Buffer.from(bytes)) === 0, "image bytes differ");

  step("typing");
  // volatile: a notice may be dropped when the transport is busy, so it is sent until one arrives
  let typing = null;
  for (let attempt = 1; typing === null; attempt++) {
    const next = once(bob, "typing", 1000);
    alice.emit("typing", { room: "general", typing: true });
    try {
      typing = await next;
    } catch (e) {
      check(attempt < 5, `no typing notice after ${attempt} tries`);
    }
  }
  check(typing.room === "general" && typing.nickname === "alice" && typing.typing === true,
    `typing: ${JSON.stringify(typing)}`);

  step("bad input");
  const errors = {
    notAnObject: await ack(alice, "message", "not an object"),
    noText: await ack(alice, "message", { room: "general" }),
    noRoom: await ack(alice, "message", { text: "where to?" }),
    imageNoRoom: await ack(alice, "image", { name: "z", type: "image/png", data: new Uint8Array(1) }),
    notJoined: await ack(alice, "message", { room: "random", text: "x" }),
    badRoom: await ack(alice, "join", "No Spaces!"),
    imageNotJoined: await ack(alice, "image", { room: "random", name: "y", type: "image/png", data: new Uint8Array(1) }),
    imageTooBig: await ack(alice, "image", { room: "general", name: "big", type: "image/png", data: new Uint8Array(512 * 1024 + 1) }),
  };
  for (const [name, answer] of Object.entries(errors)) {
    check(answer && typeof answer.error === "string", `${name} answered ${JSON.stringify(answer)}`);
  }
  check(errors.imageTooBig.error === "images are up to 512 KiB", `too big: ${JSON.stringify(errors.imageTooBig)}`);

  step("new room");
  const bobRooms = once(bob, "rooms", STEP_MS);
  const created = await ack(alice, "join", "lobby-1");
  check(created.room === "lobby-1" && created.members.length === 1, `created: ${JSON.stringify(created)}`);
  const updatedRooms = await bobRooms;
  check(JSON.stringify(updatedRooms) === JSON.stringify(["general", "lobby-1", "random"]), `rooms: ${JSON.stringify(updatedRooms)}`);

  step("history");
  const { socket: carol } = await connected("carol");
  const carolJoin = await ack(carol, "join", "general");
  const historyKinds = carolJoin.history.map((h) => h.kind);
  check(JSON.stringify(historyKinds) === JSON.stringify(["message", "image"]), `history: ${JSON.stringify(historyKinds)}`);
  check(carolJoin.history[0].text === "hello" && carolJoin.history[0].id === messageAck.id, "history message");
  check(Buffer.compare(carolJoin.history[1].data, Buffer.from(bytes)) === 0, "history image bytes differ");
  check(JSON.stringify(carolJoin.members) === JSON.stringify(["alice", "bob", "carol"]), `members: ${carolJoin.members}`);

  step("leave and disconnect");
  const bobLeft = once(alice, "presence", STEP_MS, { accept: (p) => p.left === "bob" });
  const leaveAck = await ack(bob, "leave", "general");
  check(JSON.stringify(leaveAck) === JSON.stringify({ room: "general" }), `leave: ${JSON.stringify(leaveAck)}`);
  check(JSON.stringify((await bobLeft).members) === JSON.stringify(["alice", "carol"]), "members after bob left");
  const afterLeave = await ack(bob, "message", { room: "general", text: "still here?" });
  check(typeof afterLeave.error === "string", `message after leave: ${JSON.stringify(afterLeave)}`);
  const aliceLeft = once(carol, "presence", STEP_MS, { accept: (p) => p.left === "alice" });
  alice.close();
  check(JSON.stringify((await aliceLeft).members) === JSON.stringify(["carol"]), "members after alice left");
  await connected("alice"); // the nickname is free again

  // nothing else happened: the sender never gets its own message or image back
  check(!aliceGot.message && !aliceGot.image, `alice got her own entries back: ${JSON.stringify(Object.keys(aliceGot))}`);
  check(bobGot.message.length === 1 && bobGot.image.length === 1, "bob got entries more than once");
  return { refusals, rooms: updatedRooms, historyKinds, received: Object.keys(bobGot).sort() };
});
