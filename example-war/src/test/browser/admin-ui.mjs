// The official Socket.IO Admin UI (@socket.io/admin-ui 0.5.1, served by the WAR at
// /socket.io-admin/) in the system's Chromium, administering the chat: two chat users (the
// official Node.js socket.io-client) join rooms; the operator opens the UI on the chat's own
// origin (the server URL is filled in already), logs in, sees both users and their rooms, joins
// one user to another room from the UI, emits to that room, and disconnects the user from the
// UI. The UI 0.5.1 has no form to emit (its "emit" method is empty): the emit goes through the
// admin namespace with the session id the UI saved ("remember me"), as the UI would send it.
//
// Args: {url, chromium, userDataDir, screenshots, username, password, timeoutMs}
// Result: {prefilled, path, dashboard, sessionSaved, socketsShown, roomsShown, aliceRoomsAfterJoin,
//          aliceGot, bobGot, aliceDisconnect, shownAfterDisconnect, rememberedAfterReload,
//          screenshots}
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { io } from "socket.io-client";
import { check, log, once, runScenario } from "./lib.mjs";

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

runScenario(async (args, ctx) => {
  const step = (name) => {
    ctx.progress.step = name;
    log(name);
  };
  const sockets = [];
  ctx.cleanup(() => sockets.forEach((s) => s.close()));

  step("chat users");
  const user = async (nickname, room) => {
    const s = io(args.url, { auth: { nickname }, forceNew: true, reconnection: false });
    sockets.push(s);
    const got = [];
    s.on("announcement", (text) => got.push(text));
    await once(s, "connect", STEP_MS, { failEvents: ["connect_error"] });
    const joined = await s.timeout(STEP_MS).emitWithAck("join", room);
    check(joined.room === room, `${nickname} joins ${room}: ${JSON.stringify(joined)}`);
    return { socket: s, id: s.id, got };
  };
  const alice = await user("alice", "general");
  const bob = await user("bob", "random");

  step("launch");
  mkdirSync(args.screenshots, { recursive: true });
  const browser = await chromium.launchPersistentContext(args.userDataDir, {
    executablePath: args.chromium || "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 800 },
    timeout: STEP_MS,
  });
  ctx.cleanup(() => browser.close());
  browser.setDefaultTimeout(STEP_MS);
  // the official page loads its fonts and icons from the Internet: not in a test
  await browser.route(/^https?:\/\/(fonts\.googleapis\.com|cdn\.jsdelivr\.net)\//, (r) => r.abort());
  const page = browser.pages()[0] ?? (await browser.newPage());
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  let shots = 0;
  const shot = async (name) => {
    shots += 1;
    await page.screenshot({
      path: join(args.screenshots, `${String(shots).padStart(2, "0")}-${name}.png`),
      animations: "disabled",
    });
  };

  step("open the UI");
  const ui = `${args.url}/socket.io-admin/`;
  await page.goto(ui);
  const serverUrl = page.locator("form input[required]");
  await serverUrl.waitFor();
  await page.waitForFunction(() => document.querySelector("form input[required]").value !== "");
  const prefilled = await serverUrl.inputValue();
  check(prefilled === new URL(args.url).origin, `server URL field: ${prefilled}`);
  const path = await page.evaluate(() => localStorage.getItem("path"));
  await shot("login");

  step("log in");
  await page.getByLabel("Username").fill(args.username);
  await page.getByLabel("Password").fill(args.password);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.locator("form input[required]").waitFor({ state: "hidden" });
  await page.waitForFunction(() => localStorage.getItem("session_id"));
  const sessionId = await page.evaluate(() => localStorage.getItem("session_id"));
  // the dashboard's figures come with server_stats (every 2 s): the namespaces / and /admin,
  // and three clients (alice, bob, this page)
  const card = (title) => page.locator(".v-card", { has: page.getByText(title, { exact: true }) });
  await card("Namespaces").locator("tbody tr", { hasText: "/admin" }).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll(".v-card")]
    .some((c) => c.innerText.startsWith("Clients") && /\b3\b/.test(c.innerText)));
  const dashboard = {
    namespaces: (await card("Namespaces").locator("tbody tr").allInnerTexts())
      .map((t) => t.replace(/\s+/g, " ").trim()).sort(),
  };
  // the charts animate: the screenshot waits until the clients' chart holds still
  await page.waitForFunction(() => {
    const canvas = document.querySelector(".v-card canvas");
    const now = canvas && canvas.toDataURL();
    const still = now !== null && now === window.__lastChart;
    window.__lastChart = now;
    return still;
  }, null, { polling: 250 });
  await shot("dashboard");

  step("sockets page");
  await page.goto(`${ui}#/sockets/`);
  const row = (text) => page.locator("tbody tr", { hasText: text });
  const rowText = async (text) => (await row(text).innerText()).replace(/\s+/g, " ").trim();
  await row(alice.id).waitFor();
  await row(bob.id).waitFor();
  const socketsShown = { alice: await rowText(alice.id), bob: await rowText(bob.id) };
  await shot("sockets");

  step("rooms page");
  await page.goto(`${ui}#/rooms/`);
  await row("general").waitFor();
  await row("random").waitFor();
  const roomsShown = { general: await rowText("general"), random: await rowText("random") };
  await shot("rooms");

  step("alice's page: join random");
  await page.goto(`${ui}#/n/${encodeURIComponent("/")}/sockets/${alice.id}`);
  const roomsCard = page.locator(".v-card", { hasText: "Join a room" });
  // a room of the card's table (not of the combobox's menu)
  const roomCell = (name) => roomsCard.locator("tbody td", { hasText: new RegExp(`^${name}$`) });
  await roomCell("general").waitFor();
  await page.getByRole("textbox", { name: "Join a room" }).fill("random");
  await roomsCard.locator("button[type=submit]").click();
  await roomCell("random").waitFor();
  const aliceRoomsAfterJoin = (await roomsCard.locator("tbody tr").allInnerTexts())
    .map((t) => t.trim()).sort();
  await shot("socket-joined");

  step("emit to random");
  const admin = io(`${args.url}/admin`, { auth: { sessionId }, forceNew: true, reconnection: false });
  sockets.push(admin);
  await once(admin, "connect", STEP_MS, { failEvents: ["connect_error"] });
  const aliceHears = once(alice.socket, "announcement", STEP_MS);
  const bobHears = once(bob.socket, "announcement", STEP_MS);
  admin.emit("emit", "/", "random", "announcement", "from the Admin UI");
  await Promise.all([aliceHears, bobHears]);

  step("disconnect alice");
  const aliceGone = once(alice.socket, "disconnect", STEP_MS);
  await page.locator("button:has(i.mdi-logout)").first().click();
  const aliceDisconnect = await aliceGone;
  await page.getByText("disconnected", { exact: true }).first().waitFor();
  await shot("socket-disconnected");
  await page.goto(`${ui}#/sockets/`);
  await page.getByText("Socket details").waitFor({ state: "detached" });
  await page.locator("tbody tr", { hasText: bob.id }).waitFor();
  await page.locator("tbody tr", { hasText: alice.id }).waitFor({ state: "detached" });
  const shownAfterDisconnect = (await page.locator("tbody tr").allInnerTexts())
    .map((t) => t.replace(/\s+/g, " ").trim());
  await shot("sockets-after");

  step("reload: remembered");
  await page.reload();
  await page.getByText(bob.id).waitFor();
  const rememberedAfterReload = !(await page.locator("form input[required]").isVisible());

  check(pageErrors.length === 0, `page errors: ${pageErrors.join("; ")}`);
  return {
    prefilled,
    path,
    dashboard,
    sessionSaved: typeof sessionId === "string" && sessionId.length > 0,
    socketsShown,
    roomsShown,
    aliceRoomsAfterJoin,
    aliceGot: alice.got,
    bobGot: bob.got,
    aliceDisconnect,
    shownAfterDisconnect,
    rememberedAfterReload,
    screenshots: shots,
  };
});
