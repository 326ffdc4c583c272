// Connection state recovery in the chat page (the system's Chromium driven by playwright-core):
// alice and bob chat in "general"; alice's page reaches the server through a TCP proxy of this
// script, which is cut (every connection closed, new ones held unanswered: her network is
// down, her page stays open); the server sees her go; bob sends three messages; the proxy is
// restored and alice's page comes back as the same socket: it shows the three messages once, in
// order, after what it had, says "reconnected", and neither joins the room again nor reloads
// its history (no "join" frame, the entries it had are the same elements).
//
// Both pages force the WebSocket transport: cutting the proxy then closes alice's WebSocket on
// the server at once (with long-polling the server would only notice at the ping timeout).
//
// Signals to the test: "@sockets alice" (answer: alice's connected sockets on the server,
// "<id> recovered=<bool>" joined by ","), "@gone alice" (answer "gone" once the server has no
// socket of alice's left).
//
// Args: {url, chromium, userDataDir, screenshots, timeoutMs}
// Result: {before: "<id> recovered=false", after: "<id> recovered=true", aliceSees: [texts],
//          joinsAfterDrop, proxyConnectionsCut, screenshots}
import { mkdirSync } from "node:fs";
import net from "node:net";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { check, log, runScenario, signal } from "./lib.mjs";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const STEP_MS = 15000;
const ROOM = "general";
const MISSED = ["missed one", "missed two", "missed three"];

/**
 * A TCP proxy to `port` on 127.0.0.1. cut(): closes every connection and holds new ones
 * (accepted, nothing read nor answered); restore(): connects the held ones and lets new ones
 * through.
 */
function proxy(port) {
  const pairs = new Set();
  const held = new Set();
  let blocked = false;
  const pipe = (client) => {
    const upstream = net.connect(port, "127.0.0.1");
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const server = net.createServer((client) => {
    if (blocked) {
      client.pause();
      held.add(client);
      client.on("error", () => held.delete(client)).on("close", () => held.delete(client));
    } else {
      pipe(client);
    }
  });
  return {
    listen: () => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port))),
    cut() {
      blocked = true;
      const n = pairs.size;
      for (const { client, upstream } of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
      return n;
    },
    restore() {
      blocked = false;
      for (const client of [...held]) {
        held.delete(client);
        pipe(client);
        client.resume();
      }
    },
    close() {
      for (const s of held) {
        s.destroy();
      }
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

runScenario(async (args, ctx) => {
  const executablePath = args.chromium || process.env.CHROMIUM || "/usr/bin/chromium";
  mkdirSync(args.screenshots, { recursive: true });
  const serverPort = Number(new URL(args.url).port);
  const network = proxy(serverPort);
  const proxyPort = await network.listen();
  ctx.cleanup(() => network.close());
  const step = (name) => {
    ctx.progress.step = name;
    log(name);
  };

  step("launch");
  const pageErrors = [];
  const open = async (who, url) => {
    const browser = await chromium.launchPersistentContext(join(args.userDataDir, who), {
      executablePath, headless: true, args: FLAGS, viewport: { width: 1100, height: 720 }, timeout: STEP_MS,
    });
    ctx.cleanup(() => browser.close());
    browser.setDefaultTimeout(STEP_MS);
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.on("pageerror", (e) => pageErrors.push(`${who}: ${e.message}`));
    await page.goto(url);
    return page;
  };
  const [alice, bob] = await Promise.all([
    open("alice", `http://127.0.0.1:${proxyPort}/?transports=websocket`),
    open("bob", `${args.url}/?transports=websocket`),
  ]);
  // every "join" alice's page sends (a join is answered with the room's history)
  const joinFrames = [];
  alice.on("websocket", (ws) => ws.on("framesent", (f) => {
    if (typeof f.payload === "string" && /^42\d*\["join"/.test(f.payload)) {
      joinFrames.push(f.payload);
    }
  }));

  let shots = 0;
  const shot = async (page, name) => {
    shots += 1;
    await page.screenshot({ path: join(args.screenshots, `${String(shots).padStart(2, "0")}-${name}.png`) });
  };
  const panel = (page) => page.locator(`[data-testid="room-panel"][data-room="${ROOM}"]`);
  const state = (page, s) => page.locator(`[data-testid="connection-state"][data-state="${s}"]`).waitFor();
  const texts = (page, from) => panel(page).locator(`[data-testid="message"][data-from="${from}"] [data-testid="message-text"]`)
    .allTextContents();
  const say = async (page, text) => {
    await panel(page).getByTestId("message-input").fill(text);
    await panel(page).getByTestId("send-button").click();
    await panel(page).locator(`[data-testid="message"][data-from][data-state="delivered"]`)
      .filter({ hasText: text }).waitFor();
  };

  step("login and join");
  for (const [page, nickname] of [[alice, "alice"], [bob, "bob"]]) {
    await page.getByTestId("nickname-input").fill(nickname);
    await page.getByTestId("login-button").click();
    await state(page, "connected");
    await page.locator(`[data-testid="room"][data-room="${ROOM}"] [data-testid="room-open"]`).click();
    await panel(page).waitFor({ state: "visible" });
  }
  await panel(alice).locator('[data-testid="member"][data-nickname="bob"]').waitFor();
  await say(bob, "before the drop");
  await panel(alice).locator('[data-testid="message"][data-from="bob"]').filter({ hasText: "before the drop" }).waitFor();
  const before = await signal("sockets alice", STEP_MS);
  check(/^\S+ recovered=false$/.test(before), `alice's socket before the drop: ${before}`);
  const aliceId = before.split(" ")[0];
  // the entries alice has now are marked: a reloaded history would replace these elements
  const hadBefore = await alice.evaluate(() => {
    const list = document.querySelectorAll('[data-testid="message"], [data-testid="system-message"]');
    list.forEach((li) => (li.dataset.beforeDrop = "true"));
    return list.length;
  });
  const joinsBeforeDrop = joinFrames.length;
  check(joinsBeforeDrop === 1, `alice's page sent ${joinsBeforeDrop} joins before the drop`);

  step("network down");
  const cut = network.cut();
  check(cut >= 1, "alice had no connection through the proxy");
  await state(alice, "reconnecting");
  // the server has seen her go (her socket closed with her WebSocket)
  const gone = await signal("gone alice", STEP_MS);
  check(gone === "gone", `the server still has alice: ${gone}`);
  await shot(alice, "alice-offline");

  step("bob sends while alice is away");
  for (const text of MISSED) {
    await say(bob, text);
  }
  await panel(bob).locator('[data-testid="system-message"]').filter({ hasText: "alice left" }).waitFor();
  check((await texts(alice, "bob")).length === 1, "alice's page got messages while her network was down");

  step("network up");
  network.restore();
  await state(alice, "connected");
  await panel(alice).locator('[data-testid="system-message"][data-kind="reconnected"]').waitFor();
  await panel(alice).locator('[data-testid="message"][data-from="bob"]').filter({ hasText: MISSED[2] }).waitFor();
  await shot(alice, "alice-recovered");
  const after = await signal("sockets alice", STEP_MS);
  check(after === `${aliceId} recovered=true`, `alice's socket after the drop: ${after} (before: ${before})`);

  step("checks");
  const aliceSees = await texts(alice, "bob");
  check(JSON.stringify(aliceSees) === JSON.stringify(["before the drop", ...MISSED]),
    `alice sees bob's messages as ${JSON.stringify(aliceSees)}`);
  const page = await alice.evaluate(() => {
    const entries = [...document.querySelectorAll('[data-testid="message"]')];
    const ids = entries.map((li) => li.dataset.id);
    return {
      kept: document.querySelectorAll("[data-before-drop]").length,
      duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
      notices: document.querySelectorAll('[data-kind="reconnected"]').length,
    };
  });
  check(page.kept === hadBefore, `alice's page kept ${page.kept} of its ${hadBefore} entries: it reloaded`);
  check(page.duplicateIds.length === 0, `entries shown twice: ${page.duplicateIds}`);
  check(page.notices === 1, `${page.notices} "reconnected" notices`);
  const joinsAfterDrop = joinFrames.length - joinsBeforeDrop;
  check(joinsAfterDrop === 0, `alice's page joined again: ${joinFrames.slice(joinsBeforeDrop)}`);
  await panel(bob).locator('[data-testid="system-message"]').filter({ hasText: "alice is back" }).waitFor();
  await panel(bob).locator('[data-testid="member"][data-nickname="alice"]').waitFor();
  await panel(alice).locator('[data-testid="member"][data-nickname="alice"]').waitFor();
  check(await panel(bob).locator('[data-testid="system-message"]').filter({ hasText: "alice joined" }).count() === 0,
    "bob was told that alice joined again");

  step("chat goes on");
  await say(alice, "I am back");
  await panel(bob).locator('[data-testid="message"][data-from="alice"]').filter({ hasText: "I am back" }).waitFor();
  await shot(bob, "bob-after-recovery");
  check(pageErrors.length === 0, `errors in the pages: ${pageErrors.join("; ")}`);
  return { before, after, aliceSees, joinsAfterDrop, proxyConnectionsCut: cut, screenshots: shots };
});
