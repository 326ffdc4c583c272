// The chat page in a real browser (the system's Chromium driven by playwright-core): two users,
// alice and bob, log in, join "general", see each other's presence and typing, exchange messages
// and an image; then the test drops alice's connection ("@drop alice") and alice's page
// reconnects and goes on chatting: recovered (connection state recovery: the same socket, still
// in "general", the page keeps what it shows and says "reconnected"), or rejoined (a new socket:
// the page joins "general" again and reloads its history).
//
// Args: {url, bobUrl (bob's node, when not url's: two nodes of a cluster), transports:
//        "default"|"polling"|"websocket", expect: "recovered"|"rejoined" (default: either),
//        chromium, userDataDir (a fresh directory: each user's browser gets a profile in it),
//        screenshots, timeoutMs}
// Result: {transports, transportBefore, transportAfter, reconnection, screenshots, consoleErrors}
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { check, log, runScenario, signal } from "./lib.mjs";
import { makePng } from "./png.mjs";

const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const STEP_MS = 15000;
const ROOM = "general";

runScenario(async (args, ctx) => {
  const mode = args.transports || "default";
  const executablePath = args.chromium || process.env.CHROMIUM || "/usr/bin/chromium";
  const pageUrl = (base) => (mode === "default" ? `${base}/` : `${base}/?transports=${mode}`);
  mkdirSync(args.screenshots, { recursive: true });

  ctx.progress.step = "launch";
  const pageErrors = [];
  const consoleErrors = [];
  // one browser per user, each with a fresh profile: two tabs of one browser would leave one
  // of them in the background, where Chromium pauses animation frames
  const open = async (who, url) => {
    // a persistent context is how Playwright takes a user-data-dir of our choosing
    const browser = await chromium.launchPersistentContext(join(args.userDataDir, who), {
      executablePath,
      headless: true,
      args: FLAGS,
      viewport: { width: 1100, height: 720 },
      timeout: STEP_MS,
    });
    ctx.cleanup(() => browser.close());
    browser.setDefaultTimeout(STEP_MS);
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on("pageerror", (e) => pageErrors.push(`${who}: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error") {
        consoleErrors.push(`${who}: ${m.text()}`);
      }
    });
    await page.goto(url);
    return page;
  };
  const [alice, bob] = await Promise.all([
    open("alice", pageUrl(args.url)),
    open("bob", pageUrl(args.bobUrl || args.url)),
  ]);

  let shots = 0;
  const shot = async (page, name) => {
    shots += 1;
    await page.screenshot({ path: join(args.screenshots, `${String(shots).padStart(2, "0")}-${name}.png`) });
  };
  const step = (name) => {
    ctx.progress.step = name;
    log(`[${mode}] ${name}`);
  };
  const panel = (page) => page.locator(`[data-testid="room-panel"][data-room="${ROOM}"]`);
  const entries = (page, from, kind = "message") =>
    panel(page).locator(`[data-testid="message"][data-kind="${kind}"][data-from="${from}"]`);
  const state = (page, s) => page.locator(`[data-testid="connection-state"][data-state="${s}"]`).waitFor();
  const login = async (page, nickname) => {
    await page.getByTestId("nickname-input").fill(nickname);
    await page.getByTestId("login-button").click();
  };
  const loginError = async (page, text) => {
    await page.getByTestId("login-error").filter({ hasText: text }).waitFor();
  };
  /** page.waitForFunction, failing with what was awaited. */
  const until = async (label, page, fn, arg) => {
    try {
      await page.waitForFunction(fn, arg);
    } catch (e) {
      throw new Error(`${label}: ${e.message}`);
    }
  };
  const transport = (page) => page.getByTestId("connection-state").getAttribute("data-transport");

  step("refusals");
  await shot(alice, "login");
  await login(alice, "");
  await loginError(alice, "Choose a nickname first");
  await shot(alice, "alice-nickname-required");

  step("login");
  await login(alice, "alice");
  await state(alice, "connected");
  await login(bob, "Alice");
  await loginError(bob, "The nickname Alice is taken");
  await shot(bob, "bob-nickname-taken");
  await login(bob, "bob");
  await state(bob, "connected");
  const transportBefore = await transport(alice);
  if (mode !== "default") {
    check(transportBefore === mode, `alice uses ${transportBefore}, not ${mode}`);
    check((await transport(bob)) === mode, `bob uses ${await transport(bob)}, not ${mode}`);
  }

  step("join");
  for (const page of [alice, bob]) {
    await page.locator(`[data-testid="room"][data-room="${ROOM}"] [data-testid="room-open"]`).click();
    await panel(page).waitFor({ state: "visible" });
  }
  step("presence");
  await panel(alice).locator('[data-testid="member"][data-nickname="bob"]').waitFor();
  await panel(bob).locator('[data-testid="member"][data-nickname="alice"]').waitFor();
  await panel(alice).locator('[data-testid="system-message"]').filter({ hasText: "bob joined" }).waitFor();
  await shot(alice, "alice-sees-bob-join");

  step("typing");
  await showsTyping(bob, alice, "bob");
  await shot(alice, "alice-sees-bob-typing");
  await panel(bob).getByTestId("message-input").fill("");
  await panel(alice).locator('[data-testid="typing-indicator"][data-typing=""]').waitFor({ state: "attached" });
  await showsTyping(alice, bob, "alice");

  step("message");
  // the entry is pending right after the click (the ack cannot have come yet), then delivered
  const firstState = await alice.evaluate((room) => {
    const p = document.querySelector(`[data-testid="room-panel"][data-room="${room}"]`);
    const input = p.querySelector('[data-testid="message-input"]');
    input.value = "Hello bob";
    p.querySelector('[data-testid="send-button"]').click();
    const mine = p.querySelectorAll('[data-testid="message"][data-from="alice"]');
    return mine[mine.length - 1].dataset.state;
  }, ROOM);
  check(firstState === "pending", `alice's new message is ${firstState}, not pending`);
  await entries(alice, "alice").filter({ hasText: "Hello bob" }).and(alice.locator("[data-state=delivered]")).waitFor();
  await entries(bob, "alice").filter({ hasText: "Hello bob" }).waitFor();
  // sending ends the typing indicator
  await panel(bob).locator('[data-testid="typing-indicator"][data-typing=""]').waitFor({ state: "attached" });
  await shot(alice, "alice-message-delivered");
  await shot(bob, "bob-received-message");
  await panel(bob).getByTestId("message-input").fill("Hi alice");
  await panel(bob).getByTestId("send-button").click();
  await entries(alice, "bob").filter({ hasText: "Hi alice" }).waitFor();

  step("image");
  const png = makePng(96, 64, (x, y) => [(x * 8) & 0xff, (y * 4) & 0xff, 180]);
  await panel(alice).getByTestId("image-input").setInputFiles({ name: "tiles.png", mimeType: "image/png", buffer: png });
  await entries(alice, "alice", "image").and(alice.locator("[data-state=delivered]")).waitFor();
  const received = entries(bob, "alice", "image").locator("img");
  await received.waitFor();
  await until("bob's image is decoded", bob, (img) => img.complete && img.naturalWidth === 96,
    await received.elementHandle());
  const bytes = await received.evaluate(async (img) => {
    const data = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    return btoa(String.fromCharCode(...data));
  });
  check(bytes === png.toString("base64"), "bob's image differs from the one alice sent");
  await shot(bob, "bob-received-image");

  step("rooms");
  // bob creates a room (everyone's list gets it), misses a message in general meanwhile (unread
  // count), goes back to general and leaves the new room
  await bob.getByTestId("create-room-input").fill("Lounge");
  await bob.getByTestId("create-room-button").click();
  await bob.locator('[data-testid="room-panel"][data-room="lounge"]').waitFor({ state: "visible" });
  await alice.locator('[data-testid="room"][data-room="lounge"][data-joined="false"]').waitFor();
  await panel(alice).getByTestId("message-input").fill("Where are you?");
  await panel(alice).getByTestId("send-button").click();
  const unread = bob.locator('[data-testid="room"][data-room="general"] [data-testid="unread"]');
  await unread.filter({ hasText: "1" }).waitFor();
  await shot(bob, "bob-in-new-room-with-unread");
  await bob.locator(`[data-testid="room"][data-room="${ROOM}"] [data-testid="room-open"]`).click();
  await entries(bob, "alice").filter({ hasText: "Where are you?" }).waitFor();
  await unread.waitFor({ state: "detached" });
  await bob.locator('[data-testid="room"][data-room="lounge"] [data-testid="room-leave"]').click();
  await bob.locator('[data-testid="room"][data-room="lounge"][data-joined="false"]').waitFor();
  check(await bob.locator('[data-testid="room-panel"][data-room="lounge"]').count() === 0, "lounge's panel stayed");

  step("drop");
  // watch alice's connection state from now on, so that no transition can be missed; the
  // moment the page says "reconnecting", alice sends a message: it must wait for the rejoin
  await alice.evaluate((room) => {
    const el = document.querySelector('[data-testid="connection-state"]');
    const p = document.querySelector(`[data-testid="room-panel"][data-room="${room}"]`);
    window.seenStates = [];
    new MutationObserver(() => {
      window.seenStates.push(el.dataset.state);
      if (el.dataset.state === "reconnecting" && window.offlineState === undefined) {
        p.querySelector('[data-testid="message-input"]').value = "Written while reconnecting";
        p.querySelector('[data-testid="send-button"]').click();
        const mine = p.querySelectorAll('[data-testid="message"][data-from="alice"]');
        window.offlineState = mine[mine.length - 1].dataset.state;
      }
    }).observe(el, { attributes: true, attributeFilter: ["data-state"] });
    for (const li of document.querySelectorAll('[data-testid="message"]')) {
      li.dataset.beforeDrop = "true";
    }
  }, ROOM);
  const answer = await signal("drop alice", STEP_MS);
  check(answer === "dropped 1", `the test answered "${answer}" to the drop`);
  await until("alice's page says reconnecting", alice, () => window.seenStates.includes("reconnecting"));
  await shot(alice, "alice-reconnecting");
  await until("alice's page says connected after reconnecting", alice, () => {
    const from = window.seenStates.indexOf("reconnecting");
    return from >= 0 && window.seenStates.slice(from).includes("connected");
  });
  await state(alice, "connected");
  const offlineState = await alice.evaluate(() => window.offlineState);
  check(offlineState === "pending", `the message written while reconnecting was ${offlineState}`);

  // recovered: the "reconnected" notice; rejoined: the history came again (the list holds new
  // entries only)
  const reconnection = await (await alice.waitForFunction((room) => {
    const p = document.querySelector(`[data-testid="room-panel"][data-room="${room}"]`);
    if (p.querySelector('[data-kind="reconnected"]')) {
      return "recovered";
    }
    const list = p.querySelectorAll('[data-testid="message"]');
    return list.length >= 3 && [...list].every((li) => !li.dataset.beforeDrop) ? "rejoined" : false;
  }, ROOM)).jsonValue();
  step(reconnection);
  if (args.expect) {
    check(reconnection === args.expect, `alice's page ${reconnection}, expected: ${args.expect}`);
  }
  if (reconnection === "recovered") {
    // the same elements as before the drop, each entry once, and bob was told she is back
    const kept = await alice.evaluate((room) => {
      const list = [...document.querySelectorAll(`[data-testid="room-panel"][data-room="${room}"] [data-testid="message"]`)];
      const ids = list.filter((li) => li.dataset.state !== "pending").map((li) => li.dataset.id);
      return { before: list.filter((li) => li.dataset.beforeDrop).length, ids: ids.length, distinct: new Set(ids).size };
    }, ROOM);
    check(kept.before >= 4, `alice's page kept ${kept.before} entries of before the drop`);
    check(kept.ids === kept.distinct, `alice's page shows an entry twice: ${JSON.stringify(kept)}`);
    await panel(bob).locator('[data-testid="system-message"]').filter({ hasText: "alice is back" }).waitFor();
  } else {
    const historyImage = entries(alice, "alice", "image").locator("img");
    await until("alice's image from the history is decoded", alice,
      (img) => img.complete && img.naturalWidth === 96, await historyImage.elementHandle());
    await panel(bob).locator('[data-testid="system-message"]').filter({ hasText: "alice joined" }).waitFor();
  }
  await entries(alice, "bob").filter({ hasText: "Hi alice" }).waitFor();
  await panel(alice).locator('[data-testid="member"][data-nickname="bob"]').waitFor();
  await panel(alice).locator('[data-testid="member"][data-nickname="alice"]').waitFor();
  await panel(bob).locator('[data-testid="system-message"]').filter({ hasText: "alice left" }).waitFor();
  await panel(bob).locator('[data-testid="member"][data-nickname="alice"]').waitFor();
  await shot(alice, "alice-reconnected");
  const transportAfter = await transport(alice);
  if (mode !== "default") {
    check(transportAfter === mode, `alice uses ${transportAfter} after the reconnection, not ${mode}`);
  }

  // what was written while reconnecting is sent once reconnected, once
  await entries(alice, "alice").filter({ hasText: "Written while reconnecting" })
    .and(alice.locator("[data-state=delivered]")).waitFor();
  await entries(bob, "alice").filter({ hasText: "Written while reconnecting" }).waitFor();

  step("after reconnection");
  await panel(alice).getByTestId("message-input").fill("Back again");
  await panel(alice).getByTestId("send-button").click();
  await entries(alice, "alice").filter({ hasText: "Back again" }).and(alice.locator("[data-state=delivered]")).waitFor();
  await entries(bob, "alice").filter({ hasText: "Back again" }).waitFor();
  await panel(bob).getByTestId("message-input").fill("Welcome back");
  await panel(bob).getByTestId("send-button").click();
  await entries(alice, "bob").filter({ hasText: "Welcome back" }).waitFor();
  await shot(alice, "alice-after-reconnection");
  await shot(bob, "bob-after-reconnection");

  check(await entries(bob, "alice").filter({ hasText: "Written while reconnecting" }).count() === 1,
    "bob got the message written while reconnecting more than once");
  check(pageErrors.length === 0, `errors in the pages: ${pageErrors.join("; ")}`);
  return { transports: mode, transportBefore, transportAfter, reconnection, screenshots: shots, consoleErrors };

  /**
   * The typist types into the room's input until the watcher's page says "<name> is typing…".
   * Typing notices are volatile (a notice the transport cannot take at once is dropped), so a
   * lost one is made up for by typing on: the page repeats its notice while typing goes on.
   */
  async function showsTyping(typist, watcher, name) {
    const indicator = panel(watcher).getByTestId("typing-indicator").filter({ hasText: `${name} is typing…` });
    const input = panel(typist).getByTestId("message-input");
    await input.fill("");
    for (let attempt = 1; ; attempt++) {
      await input.pressSequentially("abc");
      try {
        await indicator.waitFor({ timeout: 3000 });
        return;
      } catch (e) {
        if (attempt === 4) {
          throw new Error(`${name}'s typing is not shown: ${e.message}`);
        }
        log(`${name}'s typing notice not shown yet (attempt ${attempt}), typing on`);
      }
    }
  }
});
