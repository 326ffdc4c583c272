package io.github.socketiojakarta.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The example chat WAR, as a user deploys it, at the root context of a real container: the
 * chat's protocol with the official Node.js client over each transport mode (nickname
 * middleware refusals with their data, rooms, presence, messages and images as binary, acks),
 * the chat page in a real browser, and an undeployment and redeployment with clients connected
 * (the chat's MBean is registered while it runs and gone after the undeployment): they are
 * told, no thread of ours survives, and they reconnect to the new deployment; the official Admin
 * UI the WAR serves at {@code /socket.io-admin/} (password hash from the environment)
 * administers the chat in a real browser. The chat's scripts are the example's own
 * ({@code example-war/src/test/browser}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ChatWarIT {
    static final String PROBE = "/socket.io/?EIO=4&transport=polling";
    private static final Duration PROTOCOL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REDEPLOY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration BROWSER_TIMEOUT = Duration.ofSeconds(150);
    private static final String ADMIN_PASSWORD = UUID.randomUUID().toString();

    Container container;
    /** Whether a test changed the chat's state (rooms, history) since the last deployment. */
    private boolean used;

    /** A new (not started) container. */
    abstract Container newContainer();

    /** The WAR file name in {@code target/wars} for this container. */
    abstract String warName();

    @BeforeAll
    void deployTheChat() throws IOException {
        // the chat's Admin UI, as an operator turns it on (the example's AdminSetup)
        container = newContainer().withEnvironment("CHAT_ADMIN_PASSWORD_HASH",
                BCrypt.hashpw(ADMIN_PASSWORD, BCrypt.gensalt(4))).start();
        container.deploy(ConformanceWarIT.war(warName()), PROBE);
        assertThat(container.status("/")).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    /** A fresh chat (empty rooms and history): the scripts expect one. */
    void freshChat() throws IOException {
        if (used) {
            container.undeploy(PROBE);
            container.redeploy(PROBE);
        }
        used = true;
    }

    @Order(1)
    @ParameterizedTest(name = "transports: {0}")
    @ValueSource(strings = {"polling", "websocket", "polling,websocket"})
    void theChatSpeaksItsProtocolToTheNodeClient(String transports) throws Exception {
        freshChat();
        var list = Json.createArrayBuilder();
        for (String t : transports.split(",")) {
            list.add(t);
        }
        JsonObject args = Json.createObjectBuilder()
                .add("url", container.url())
                .add("transports", list)
                .add("timeoutMs", PROTOCOL_TIMEOUT.minusSeconds(10).toMillis())
                .build();

        NodeScript.JsonResult r = Scenario.run(Scenario.chatScripts(), "chat-protocol.mjs", args,
                PROTOCOL_TIMEOUT, request -> "unknown request").assertOk();

        assertThat(r.strings("historyKinds")).containsExactly("message", "image");
        assertThat(r.strings("rooms")).containsExactly("general", "lobby-1", "random");
        assertThat(r.json().getJsonObject("refusals").getJsonObject("missing")
                .getString("reason")).isEqualTo("required");
        assertThat(r.json().getJsonObject("refusals").getJsonObject("taken")
                .getString("reason")).isEqualTo("taken");
    }

    @Order(2)
    @ParameterizedTest(name = "transports: {0}")
    @ValueSource(strings = {"default", "polling", "websocket"})
    void twoUsersChatInTheBrowserAndTheDroppedOneReconnects(String transports) throws Exception {
        String chromium = Optional.ofNullable(System.getenv("CHROMIUM")).filter(s -> !s.isBlank())
                .orElse("/usr/bin/chromium");
        assertThat(Path.of(chromium)).as("the browser (apt-get install chromium, or set CHROMIUM)")
                .isExecutable();
        freshChat();
        Path target = Path.of(System.getProperty("runs.dir")).getParent();
        Path screenshots = target.resolve("screenshots").resolve(getClass().getSimpleName())
                .resolve(transports);
        Path profile = Files.createTempDirectory(Files.createDirectories(
                target.resolve("chromium-profiles")), transports + "-");
        try (DroppingProxy proxy = DroppingProxy.start(port(container.url()))) {
            JsonObject args = Json.createObjectBuilder()
                    .add("url", proxy.url())
                    .add("transports", transports)
                    .add("chromium", chromium)
                    .add("userDataDir", profile.toString())
                    .add("screenshots", screenshots.toString())
                    .add("timeoutMs", BROWSER_TIMEOUT.minusSeconds(15).toMillis())
                    .build();

            NodeScript.JsonResult r = Scenario.run(Scenario.chatScripts(), "chat-browser.mjs",
                    args, BROWSER_TIMEOUT, request -> request.startsWith("drop ")
                            ? "dropped " + proxy.drop(request.substring("drop ".length()))
                            : "unknown request").assertOk();

            assertThat(r.number("screenshots")).isGreaterThanOrEqualTo(10);
            if (!transports.equals("default")) {
                assertThat(r.string("transportBefore")).isEqualTo(transports);
                assertThat(r.string("transportAfter")).isEqualTo(transports);
            }
        } finally {
            deleteQuietly(profile);
        }
    }

    @Order(4)
    @Test
    void theAdminUiTheWarServesAdministersTheChat() throws Exception {
        String chromium = Optional.ofNullable(System.getenv("CHROMIUM")).filter(s -> !s.isBlank())
                .orElse("/usr/bin/chromium");
        freshChat();
        Path target = Path.of(System.getProperty("runs.dir")).getParent();
        Path profile = Files.createTempDirectory(Files.createDirectories(
                target.resolve("chromium-profiles")), "admin-ui-");
        try {
            JsonObject args = Json.createObjectBuilder()
                    .add("url", container.url())
                    .add("chromium", chromium)
                    .add("userDataDir", profile.toString())
                    .add("screenshots", target.resolve("screenshots")
                            .resolve(getClass().getSimpleName()).resolve("admin-ui").toString())
                    .add("username", "admin")
                    .add("password", ADMIN_PASSWORD)
                    .add("timeoutMs", BROWSER_TIMEOUT.minusSeconds(15).toMillis())
                    .build();

            NodeScript.JsonResult r = Scenario.run(Scenario.chatScripts(), "admin-ui.mjs", args,
                    BROWSER_TIMEOUT, request -> "unknown request").assertOk();

            assertThat(r.string("prefilled")).isEqualTo(container.url());
            assertThat(r.json().getJsonObject("roomsShown").toString()).isEqualTo(
                    "{\"general\":\"general PUBLIC 1\",\"random\":\"random PUBLIC 1\"}");
            assertThat(r.strings("aliceGot")).containsExactly("from the Admin UI");
            assertThat(r.string("aliceDisconnect")).isEqualTo("io server disconnect");
            assertThat(r.strings("shownAfterDisconnect")).hasSize(1);
            assertThat(r.json().getBoolean("rememberedAfterReload")).isTrue();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static int port(String url) {
        return Integer.parseInt(url.substring(url.lastIndexOf(':') + 1));
    }

    @Order(3)
    @Test
    void clientsAreToldOfAnUndeploymentAndReconnectToTheRedeployedChat() throws Exception {
        freshChat();
        JsonObject args = Json.createObjectBuilder()
                .add("url", container.url())
                .add("clients", Json.createArrayBuilder()
                        .add(client("polling", "polling"))
                        .add(client("websocket", "websocket"))
                        .add(client("upgrade", "polling", "websocket")))
                .add("join", Json.createObjectBuilder().add("event", "join")
                        .add("args", Json.createArrayBuilder().add("general")))
                .add("say", Json.createObjectBuilder().add("event", "message")
                        .add("args", Json.createArrayBuilder().add(Json.createObjectBuilder()
                                .add("room", "general").add("text", "back again")))
                        .add("expect", "message"))
                .add("timeoutMs", REDEPLOY_TIMEOUT.minusSeconds(10).toMillis())
                .build();
        AtomicLong undeployStarted = new AtomicLong();
        AtomicLong redeployStarted = new AtomicLong();
        AtomicReference<List<String>> threadsAfterUndeploy = new AtomicReference<>();
        AtomicReference<List<String>> threadsBefore = new AtomicReference<>();
        AtomicReference<java.util.Set<String>> mbeansBefore = new AtomicReference<>();
        AtomicReference<java.util.Set<String>> mbeansAfterUndeploy = new AtomicReference<>();

        NodeScript.JsonResult r = Scenario.run(Scenario.libraryScripts(),
                "containers-redeploy.mjs", args, REDEPLOY_TIMEOUT, request -> {
                    assertThat(request).isEqualTo("connected");
                    try {
                        threadsBefore.set(ours());
                        mbeansBefore.set(container.socketIoMBeans());
                        undeployStarted.set(System.currentTimeMillis());
                        container.undeploy(PROBE);
                        await("our threads end").atMost(Duration.ofSeconds(15))
                                .pollInterval(Duration.ofMillis(250))
                                .until(() -> ours().isEmpty());
                        threadsAfterUndeploy.set(ours());
                        mbeansAfterUndeploy.set(container.socketIoMBeans());
                        redeployStarted.set(System.currentTimeMillis());
                        container.redeploy(PROBE);
                        return "redeployed";
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (Exception e) {
                        throw new AssertionError("reading the container's MBeans", e);
                    }
                }).assertOk();

        // the chat's server is in JMX while it is deployed, and gone once it is undeployed
        assertThat(mbeansBefore.get()).as("the chat's MBean while deployed").containsExactly(
                "io.github.socketiojakarta:type=SocketIoServer,context=\"/\",path=\"/socket.io/\"");
        assertThat(mbeansAfterUndeploy.get()).as("MBeans after the undeployment").isEmpty();

        assertThat(threadsBefore.get()).as("our threads while deployed").isNotEmpty();
        assertThat(threadsAfterUndeploy.get()).as("our threads after the undeployment").isEmpty();
        assertThat(container.threadsLeftBehind()).as("threads left behind").isEmpty();
        JsonObject clients = r.json().getJsonObject("clients");
        assertThat(clients.keySet()).containsExactlyInAnyOrder("polling", "websocket", "upgrade");
        for (String name : clients.keySet()) {
            JsonObject c = clients.getJsonObject(name);
            // WebSocket: the close frame of the server's shutdown. Long-polling: the close
            // packet in the pending GET, or, when the client was between two GETs as the
            // context went away, the failure of the next one: either way at once, not after
            // the 45 s of a ping timeout
            assertThat(c.getString("disconnectReason")).as(name + " told by the server")
                    .isIn(name.equals("polling") ? List.of("transport close", "transport error")
                            : List.of("transport close"));
            assertThat(c.getJsonNumber("disconnectedAt").longValue()).as(name + " told at once")
                    .isBetween(undeployStarted.get(), undeployStarted.get() + 10_000);
            assertThat(c.getJsonNumber("reconnectedAt").longValue()).as(name + " back after")
                    .isGreaterThan(redeployStarted.get());
            assertThat(c.getBoolean("sidChanged")).as(name + " on a new session").isTrue();
        }
        assertThat(clients.getJsonObject("polling").getString("transport")).isEqualTo("polling");
        assertThat(clients.getJsonObject("websocket").getString("transport")).isEqualTo("websocket");
        assertThat(clients.getJsonObject("upgrade").getString("transport")).isEqualTo("websocket");
        JsonObject said = r.json().getJsonObject("said");
        assertThat(said.getJsonObject("received").keySet())
                .containsExactlyInAnyOrder("websocket", "upgrade");
        assertThat(said.getJsonObject("received").getJsonObject("websocket").getString("text"))
                .isEqualTo("back again");
    }

    private static JsonObject client(String name, String... transports) {
        var list = Json.createArrayBuilder();
        for (String t : transports) {
            list.add(t);
        }
        return Json.createObjectBuilder().add("name", name).add("transports", list)
                .add("auth", Json.createObjectBuilder().add("nickname", name)).build();
    }

    List<String> ours() {
        try {
            return container.threadNames().stream().filter(n -> n.startsWith("socketio-"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void deleteQuietly(Path dir) {
        try {
            Container.deleteTree(dir);
        } catch (IOException e) {
            // a temporary browser profile: left behind under target/
        }
    }
}
