// The chat page: plain JavaScript on the official Socket.IO browser client (js/socket.io.min.js).
//
// Events (see Chat.java): the client emits join/leave/message/image with acks and typing
// (volatile); the server emits rooms, presence, message, image and typing. The sender of a
// message or an image shows it at once as "sending" and marks it delivered when the ack comes.
//
// The server has connection state recovery on: after a short drop the client comes back as the
// same socket (socket.recovered), in its rooms, and the events it missed arrive before "connect"
// (through the usual handlers, in order); the page then only says "reconnected" and sends what is
// still pending. Recovered or not, every event carries the server's offset as an extra last
// argument: the handlers read their first argument only. When the connection is not recovered
// (too long away, a server restart, a cluster whose adapter does not recover), the page joins its
// rooms again, reloads their history and members, and sends what is still pending (unless the
// history shows that the server got it already).
//
// ?transports=polling or ?transports=websocket forces the transports (default: the client's).
"use strict";

(() => {
  const ACK_TIMEOUT_MS = 10000;
  const TYPING_THROTTLE_MS = 2000; // "typing: true" is sent at most this often
  const TYPING_IDLE_MS = 3000; // own indicator stops after this long without a keystroke
  const TYPING_SHOWN_MS = 5000; // someone else's indicator goes away after this long
  const HISTORY_SHOWN = 50;
  const MAX_IMAGE = 512 * 1024;
  const ROOM_NAME = /^[a-z0-9_-]{1,32}$/;

  const $ = (selector, root = document) => root.querySelector(selector);
  const byTestId = (id, root = document) => $(`[data-testid="${id}"]`, root);

  /** Creates an element: el("li", {class: "x", "data-testid": "y"}, child, "text"...). */
  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== undefined && value !== null && value !== false) {
        node.setAttribute(name, value === true ? "" : String(value));
      }
    }
    node.append(...children.filter((c) => c !== undefined && c !== null));
    return node;
  }

  const ui = {
    login: byTestId("login"),
    loginForm: byTestId("login-form"),
    nickname: byTestId("nickname-input"),
    loginError: byTestId("login-error"),
    session: byTestId("session"),
    me: byTestId("me"),
    logout: byTestId("logout-button"),
    connection: byTestId("connection-state"),
    connectionText: byTestId("connection-text"),
    reconnect: byTestId("reconnect-button"),
    transport: byTestId("transport"),
    chat: byTestId("chat"),
    roomList: byTestId("room-list"),
    createForm: byTestId("create-room-form"),
    createInput: byTestId("create-room-input"),
    createError: byTestId("create-room-error"),
    noRoom: byTestId("no-room"),
    area: $(".rooms-area"),
    template: $("#room-panel"),
  };

  let socket = null;
  let me = null;
  let connectedOnce = false;
  let takenRetries = 0;
  let takenRetryTimer = null;
  let roomNames = [];
  let current = null;
  /** Joined rooms by name. */
  const joined = new Map();

  // ------------------------------------------------------------------ connection

  function transportsFromQuery() {
    const raw = new URLSearchParams(location.search).get("transports");
    if (!raw) {
      return undefined;
    }
    const list = raw.split(",").map((t) => t.trim()).filter((t) => t === "polling" || t === "websocket");
    return list.length > 0 ? list : undefined;
  }

  function setState(state, detail) {
    ui.connection.dataset.state = state;
    const text = {
      idle: "Not signed in",
      offline: "Not connected",
      connecting: "Connecting…",
      connected: "Connected",
      reconnecting: "Reconnecting…",
    }[state];
    ui.connectionText.textContent = detail ? `${text} (${detail})` : text;
    // after the server disconnected us on purpose, the client does not retry by itself
    ui.reconnect.hidden = !(state === "offline" && socket && connectedOnce);
  }

  function showTransport() {
    const engine = socket && socket.io.engine;
    ui.transport.textContent = engine && engine.transport ? `via ${engine.transport.name}` : "";
    ui.connection.dataset.transport = engine && engine.transport ? engine.transport.name : "";
  }

  function connect(nickname) {
    me = nickname;
    connectedOnce = false;
    takenRetries = 0;
    showLoginError(null);
    setState("connecting");
    const options = {
      auth: { nickname },
      // the server is mounted in the web application's context, wherever that is deployed
      path: new URL("socket.io/", location.href).pathname,
      forceNew: true,
      reconnectionDelayMax: 5000,
    };
    const transports = transportsFromQuery();
    if (transports) {
      options.transports = transports;
    }
    const s = io(options);
    socket = s;
    const manager = s.io;
    manager.on("open", () => {
      showTransport();
      manager.engine.on("upgrade", showTransport);
    });
    manager.on("reconnect_attempt", (attempt) => setState("reconnecting", `attempt ${attempt}`));
    manager.on("reconnect_failed", () => setState("offline", "gave up"));
    s.on("connect", () => onConnect(s));
    s.on("connect_error", onConnectError);
    s.on("disconnect", onDisconnect);
    // each handler takes the first argument only (the last one is the server's offset)
    s.on("rooms", (names) => {
      roomNames = Array.isArray(names) ? names : [];
      renderRoomList();
    });
    s.on("presence", onPresence);
    s.on("message", onEntry);
    s.on("image", onEntry);
    s.on("typing", onTyping);
  }

  function onConnect(s) {
    takenRetries = 0;
    setState("connected");
    showTransport();
    if (!connectedOnce) {
      connectedOnce = true;
      localStorage.setItem("chat.nickname", me);
      ui.login.hidden = true;
      ui.chat.hidden = false;
      ui.session.hidden = false;
      ui.me.textContent = me;
      return;
    }
    if (s.recovered) {
      // the same socket again: still in its rooms, and what it missed came before "connect"
      for (const room of joined.values()) {
        room.ready = true;
        appendToRoom(room, el("li", { class: "system", "data-testid": "system-message", "data-kind": "reconnected" },
          "Reconnected: nothing lost"), false);
        for (const out of room.pending.values()) {
          if (!out.sent) {
            send(room, out); // the server ignores what it got already (same client id)
          }
        }
      }
      return;
    }
    // a new socket: the server forgot our rooms with the old connection
    for (const room of joined.values()) {
      join(room.name, { select: false });
    }
  }

  function onConnectError(err) {
    const reason = err && err.data && err.data.reason;
    if (!reason) {
      // the server is unreachable: the Manager tries again by itself
      setState(connectedOnce ? "reconnecting" : "connecting", "server unreachable");
      return;
    }
    if (connectedOnce && reason === "taken" && takenRetries < 20) {
      // our previous connection is not gone from the server yet (it has not noticed the drop):
      // try again until it lets the nickname go
      takenRetries += 1;
      setState("reconnecting", "waiting for the server to release the nickname");
      takenRetryTimer = setTimeout(() => socket && socket.connect(), 1000 + 500 * takenRetries);
      return;
    }
    signOut();
    showLoginError(err.message || "The server refused the connection");
  }

  function onDisconnect(reason) {
    for (const room of joined.values()) {
      room.ready = false;
      stopTyping(room, false);
      room.typingIn.forEach((timer) => clearTimeout(timer));
      room.typingIn.clear();
      renderTyping(room);
    }
    if (socket && socket.active) {
      setState("reconnecting", reason);
    } else {
      setState("offline", reason);
    }
  }

  function signOut() {
    clearTimeout(takenRetryTimer);
    if (socket) {
      const s = socket;
      socket = null;
      s.off();
      s.io.off();
      s.disconnect();
    }
    for (const room of [...joined.values()]) {
      removeRoom(room);
    }
    roomNames = [];
    renderRoomList();
    connectedOnce = false;
    ui.chat.hidden = true;
    ui.session.hidden = true;
    ui.login.hidden = false;
    ui.transport.textContent = "";
    setState("idle");
    ui.nickname.focus();
  }

  function showLoginError(message) {
    ui.loginError.hidden = !message;
    ui.loginError.textContent = message || "";
  }

  // ------------------------------------------------------------------ rooms

  function renderRoomList() {
    const names = [...new Set([...roomNames, ...joined.keys()])].sort();
    ui.roomList.replaceChildren(...names.map((name) => {
      const room = joined.get(name);
      const open = el("button", {
        type: "button",
        class: "room-open",
        "data-testid": "room-open",
        "aria-current": current === name ? "true" : undefined,
        title: room ? `Show #${name}` : `Join #${name}`,
      }, `# ${name}`);
      if (room && room.unread > 0) {
        open.append(el("span", { class: "badge", "data-testid": "unread", "aria-label": `${room.unread} unread` },
          String(room.unread)));
      }
      open.addEventListener("click", () => (room ? select(name) : join(name, { select: true })));
      const item = el("li", { "data-testid": "room", "data-room": name, "data-joined": room ? "true" : "false" }, open);
      if (room) {
        const leaveButton = el("button", {
          type: "button", class: "room-leave", "data-testid": "room-leave", "aria-label": `Leave #${name}`,
        }, "Leave");
        leaveButton.addEventListener("click", () => leave(room));
        item.append(leaveButton);
      }
      return item;
    }));
  }

  function join(name, { select: selectIt }) {
    const s = socket;
    if (!s || !s.connected) {
      showCreateError("Not connected");
      return;
    }
    s.timeout(ACK_TIMEOUT_MS).emit("join", name, (err, answer) => {
      if (s !== socket) {
        return;
      }
      if (err || !answer || answer.error) {
        const message = err ? "The server did not answer" : (answer && answer.error) || "Cannot join";
        const room = joined.get(name);
        if (room) {
          showComposerError(room, `Cannot rejoin #${name}: ${message}`);
        } else {
          showCreateError(message);
        }
        return;
      }
      const room = joined.get(answer.room) || addRoom(answer.room);
      applyJoin(room, answer);
      if (selectIt) {
        select(room.name);
      } else {
        renderRoomList();
      }
    });
  }

  function leave(room) {
    if (socket && socket.connected) {
      socket.timeout(ACK_TIMEOUT_MS).emit("leave", room.name, () => {});
    }
    removeRoom(room);
    if (current === null) {
      const next = joined.keys().next();
      select(next.done ? null : next.value);
    } else {
      renderRoomList();
    }
  }

  function addRoom(name) {
    const panel = ui.template.content.firstElementChild.cloneNode(true);
    panel.dataset.room = name;
    $(".room-title", panel).textContent = `# ${name}`;
    const input = byTestId("message-input", panel);
    input.id = `message-${name}`;
    $('label[data-for="message"]', panel).htmlFor = input.id;
    const room = {
      name,
      panel,
      list: byTestId("message-list", panel),
      members: [],
      pending: new Map(), // clientId -> outgoing entry not yet acknowledged
      ready: false, // joined on the current connection
      unread: 0,
      typingIn: new Map(), // nickname -> timer
      typingOut: { sent: false, at: 0, idle: null },
    };
    byTestId("leave-button", panel).addEventListener("click", () => leave(room));
    byTestId("composer", panel).addEventListener("submit", (e) => {
      e.preventDefault();
      sendText(room, input);
    });
    input.addEventListener("input", () => typed(room, input.value));
    const file = byTestId("image-input", panel);
    file.addEventListener("change", () => {
      shareImage(room, file.files && file.files[0]);
      file.value = "";
    });
    joined.set(name, room);
    ui.area.append(panel);
    return room;
  }

  function removeRoom(room) {
    stopTyping(room, false);
    room.typingIn.forEach((timer) => clearTimeout(timer));
    for (const img of room.panel.querySelectorAll("img[data-url]")) {
      URL.revokeObjectURL(img.dataset.url);
    }
    room.panel.remove();
    joined.delete(room.name);
    if (current === room.name) {
      current = null;
    }
  }

  function select(name) {
    current = name;
    for (const room of joined.values()) {
      room.panel.hidden = room.name !== name;
    }
    ui.noRoom.hidden = name !== null;
    const room = name && joined.get(name);
    if (room) {
      room.unread = 0;
      scrollToEnd(room, true);
      byTestId("message-input", room.panel).focus();
    }
    renderRoomList();
  }

  /** The join answer: history and members, then whatever is still pending is sent. */
  function applyJoin(room, answer) {
    for (const img of room.list.querySelectorAll("img[data-url]")) {
      if (!img.closest("[data-state=pending]")) {
        URL.revokeObjectURL(img.dataset.url);
      }
    }
    room.list.replaceChildren();
    const seen = new Set();
    for (const entry of (answer.history || []).slice(-HISTORY_SHOWN)) {
      const mine = entry.from === me;
      room.list.append(renderEntry(entry, mine ? "delivered" : "received"));
      if (mine && entry.clientId) {
        seen.add(entry.clientId);
      }
    }
    for (const out of [...room.pending.values()]) {
      if (seen.has(out.clientId)) {
        // the server got it before the connection dropped; only the ack was lost
        room.pending.delete(out.clientId);
      } else {
        room.list.append(out.li);
      }
    }
    renderMembers(room, answer.members);
    room.ready = true;
    for (const out of room.pending.values()) {
      if (!out.sent) {
        send(room, out);
      }
    }
    scrollToEnd(room, true);
  }

  function onPresence(p) {
    const room = p && joined.get(p.room);
    if (!room) {
      return;
    }
    renderMembers(room, p.members);
    // "back": the user's connection dropped and was recovered (it had been announced as left)
    const who = p.joined || p.left || p.back;
    if (who && who !== me) {
      if (p.left) {
        clearTyping(room, who);
      }
      const what = p.joined ? "joined" : p.left ? "left" : "is back";
      appendToRoom(room, el("li", { class: "system", "data-testid": "system-message", "data-kind": "system" },
        `${who} ${what}`), false);
    }
  }

  function renderMembers(room, members) {
    room.members = Array.isArray(members) ? members : [];
    byTestId("member-list", room.panel).replaceChildren(...room.members.map((nick) =>
      el("li", { "data-testid": "member", "data-nickname": nick, class: nick === me ? "me" : undefined },
        nick, nick === me ? el("span", { class: "you" }, " (you)") : null)));
    byTestId("member-count", room.panel).textContent = `(${room.members.length})`;
  }

  // ------------------------------------------------------------------ entries

  function renderEntry(entry, state) {
    const mine = state !== "received";
    const time = new Date(entry.time || Date.now());
    const meta = el("div", { class: "meta" },
      el("span", { class: "from", "data-testid": "message-from" }, mine ? `${entry.from} (you)` : entry.from),
      " ",
      el("time", { datetime: time.toISOString() }, time.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })));
    if (mine) {
      meta.append(" ", el("span", { class: "delivery", "data-testid": "delivery-state" }));
    }
    let body;
    if (entry.kind === "image") {
      body = renderImage(entry);
    } else {
      body = el("p", { class: "text", "data-testid": "message-text" }, String(entry.text ?? ""));
    }
    const li = el("li", {
      class: `entry${mine ? " mine" : ""}`,
      "data-testid": "message",
      "data-kind": entry.kind === "image" ? "image" : "message",
      "data-from": entry.from,
      "data-id": entry.id,
      "data-client-id": entry.clientId,
    }, meta, body);
    setDelivery(li, state);
    return li;
  }

  function renderImage(entry) {
    const type = String(entry.type || "");
    if (!type.startsWith("image/") || !entry.data) {
      return el("p", { class: "text" }, `(a file that is not an image: ${entry.name})`);
    }
    const url = URL.createObjectURL(new Blob([entry.data], { type }));
    return el("figure", {},
      el("img", { src: url, "data-url": url, alt: entry.name || "image", "data-testid": "chat-image" }),
      el("figcaption", {}, String(entry.name || "")));
  }

  function setDelivery(li, state, detail) {
    li.dataset.state = state;
    const label = byTestId("delivery-state", li);
    if (label) {
      label.textContent = { pending: "Sending…", delivered: "✓ Delivered", failed: `Not sent: ${detail}` }[state] || "";
    }
  }

  function onEntry(entry) {
    const room = entry && joined.get(entry.room);
    if (!room) {
      return;
    }
    clearTyping(room, entry.from);
    appendToRoom(room, renderEntry(entry, "received"), true);
  }

  function appendToRoom(room, li, countsAsUnread) {
    const atEnd = room.list.scrollHeight - room.list.scrollTop - room.list.clientHeight < 40;
    room.list.append(li);
    scrollToEnd(room, atEnd);
    if (countsAsUnread && current !== room.name) {
      room.unread += 1;
      renderRoomList();
    }
  }

  function scrollToEnd(room, really) {
    if (really) {
      room.list.scrollTop = room.list.scrollHeight;
    }
  }

  // ------------------------------------------------------------------ sending

  let clientCounter = 0;
  function newClientId() {
    if (window.crypto && typeof crypto.randomUUID === "function") {
      return crypto.randomUUID();
    }
    clientCounter += 1;
    return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${clientCounter}`;
  }

  function sendText(room, input) {
    const text = input.value.trim();
    if (!text) {
      return;
    }
    input.value = "";
    stopTyping(room, true);
    queue(room, "message", { room: room.name, text });
  }

  async function shareImage(room, file) {
    if (!file) {
      return;
    }
    if (!file.type.startsWith("image/")) {
      showComposerError(room, "Only images can be shared");
      return;
    }
    if (file.size > MAX_IMAGE) {
      showComposerError(room, `Images are up to ${MAX_IMAGE / 1024} KiB`);
      return;
    }
    const data = await file.arrayBuffer();
    queue(room, "image", { room: room.name, name: file.name, type: file.type, data });
  }

  /** Shows an outgoing entry as pending and sends it now, or after the next (re)join. */
  function queue(room, kind, payload) {
    showComposerError(room, null);
    const clientId = newClientId();
    const out = { clientId, kind, payload: { ...payload, clientId }, sent: false, li: null };
    out.li = renderEntry({ ...out.payload, kind, from: me, time: Date.now() }, "pending");
    room.pending.set(clientId, out);
    appendToRoom(room, out.li, false);
    scrollToEnd(room, true);
    if (room.ready) {
      send(room, out);
    }
  }

  function send(room, out) {
    const s = socket;
    if (!s || !s.connected) {
      return; // sent after the rejoin
    }
    out.sent = true;
    s.timeout(ACK_TIMEOUT_MS).emit(out.kind, out.payload, (err, ack) => {
      if (room.pending.get(out.clientId) !== out) {
        return;
      }
      if (err) {
        out.sent = false;
        if (s.connected) {
          fail(room, out, "no answer from the server");
        } // else: the connection dropped; the rejoin decides
        return;
      }
      room.pending.delete(out.clientId);
      if (ack && ack.error) {
        fail(room, out, ack.error);
        return;
      }
      out.li.dataset.id = ack.id;
      setDelivery(out.li, "delivered");
    });
  }

  function fail(room, out, message) {
    room.pending.delete(out.clientId);
    setDelivery(out.li, "failed", message);
    const retry = el("button", { type: "button", class: "link", "data-testid": "retry-button" }, "Retry");
    retry.addEventListener("click", () => {
      retry.remove();
      setDelivery(out.li, "pending");
      room.pending.set(out.clientId, out);
      if (room.ready) {
        send(room, out);
      }
    });
    $(".meta", out.li).append(" ", retry);
  }

  function showComposerError(room, message) {
    const p = byTestId("composer-error", room.panel);
    p.hidden = !message;
    p.textContent = message || "";
  }

  function showCreateError(message) {
    ui.createError.hidden = !message;
    ui.createError.textContent = message || "";
  }

  // ------------------------------------------------------------------ typing

  function typed(room, value) {
    if (!value.trim()) {
      stopTyping(room, true);
      return;
    }
    const t = room.typingOut;
    const now = Date.now();
    if (!t.sent || now - t.at >= TYPING_THROTTLE_MS) {
      emitTyping(room, true);
      t.sent = true;
      t.at = now;
    }
    clearTimeout(t.idle);
    t.idle = setTimeout(() => stopTyping(room, true), TYPING_IDLE_MS);
  }

  function stopTyping(room, tell) {
    const t = room.typingOut;
    clearTimeout(t.idle);
    if (t.sent && tell) {
      emitTyping(room, false);
    }
    t.sent = false;
  }

  function emitTyping(room, typing) {
    if (socket && socket.connected && room.ready) {
      socket.volatile.emit("typing", { room: room.name, typing });
    }
  }

  function onTyping(t) {
    const room = t && joined.get(t.room);
    if (!room || !t.nickname || t.nickname === me) {
      return;
    }
    clearTimeout(room.typingIn.get(t.nickname));
    if (t.typing) {
      room.typingIn.set(t.nickname, setTimeout(() => clearTyping(room, t.nickname), TYPING_SHOWN_MS));
    } else {
      room.typingIn.delete(t.nickname);
    }
    renderTyping(room);
  }

  function clearTyping(room, nickname) {
    if (room.typingIn.has(nickname)) {
      clearTimeout(room.typingIn.get(nickname));
      room.typingIn.delete(nickname);
      renderTyping(room);
    }
  }

  function renderTyping(room) {
    const names = [...room.typingIn.keys()];
    const p = byTestId("typing-indicator", room.panel);
    p.dataset.typing = names.join(",");
    if (names.length === 0) {
      p.textContent = "";
    } else if (names.length === 1) {
      p.textContent = `${names[0]} is typing…`;
    } else if (names.length <= 3) {
      p.textContent = `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]} are typing…`;
    } else {
      p.textContent = "Several people are typing…";
    }
  }

  // ------------------------------------------------------------------ forms

  ui.loginForm.addEventListener("submit", (e) => {
    e.preventDefault();
    if (socket) {
      signOut(); // still trying to connect with another nickname
    }
    // an empty nickname goes to the server too: its refusal message is the one shown
    connect(ui.nickname.value.trim());
  });

  ui.logout.addEventListener("click", signOut);
  ui.reconnect.addEventListener("click", () => {
    if (socket) {
      setState("connecting");
      socket.connect();
    }
  });

  ui.createForm.addEventListener("submit", (e) => {
    e.preventDefault();
    const name = ui.createInput.value.trim().toLowerCase();
    if (!ROOM_NAME.test(name)) {
      showCreateError("Room names are 1 to 32 of a-z, 0-9, - and _");
      return;
    }
    showCreateError(null);
    ui.createInput.value = "";
    if (joined.has(name)) {
      select(name);
    } else {
      join(name, { select: true });
    }
  });

  ui.nickname.value = localStorage.getItem("chat.nickname") || "";
  setState("idle");
  renderRoomList();
})();
