package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.EngineSession;
import io.github.socketiojakarta.testing.RawSioPolling;
import io.github.socketiojakarta.testing.RawSioWs;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Socket.IO packet rules (S1 to S5 of {@code docs/protocol-decisions.md}) and the hostile
 * inputs that have broken other servers (H1 to H3 there), sent as raw frames over a raw
 * WebSocket (and a few over raw polling). Every violation closes
 * that connection ("parse error") and only that one: a bystander connected for the whole class
 * keeps being served, and the server never sends a stack trace.
 */
class BadInputsTest {
    private static SocketIoTestServer server;
    private static RawSioWs bystander;
    private static final Map<String, CompletableFuture<String>> REASONS = new ConcurrentHashMap<>();
    private static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();
    private static final AtomicInteger ERRORS = new AtomicInteger();

    @BeforeAll
    static void start() {
        server = SocketIoTestServer.start(io -> {
            Listeners.ConnectionListener setup = socket -> {
                socket.onDisconnect((s, r) -> reason(s.id()).complete(r.reason()));
                socket.onError((s, e) -> ERRORS.incrementAndGet());
                socket.onAny((event, args) -> EVENTS.add(socket.namespace().name() + " "
                        + event + " " + describe(args)));
                socket.on("echo", e -> socket.emit("echo", e.args().values().toArray()));
                socket.on("error", e -> socket.emit("plain-error", e.args().values().toArray()));
                socket.on("42", e -> socket.emit("numeric", e.args().values().toArray()));
            };
            io.onConnection(setup);
            io.of("/custom").onConnection(setup);
        });
        bystander = RawSioWs.open(server.port());
        assertThat(bystander.connect("/")).startsWith("0{\"sid\":");
    }

    @AfterAll
    static void stop() {
        bystander.close();
        server.close();
    }

    @AfterEach
    void bystanderIsStillServed() {
        bystander.send("2[\"echo\",\"still here\"]");
        assertThat(bystander.next()).isEqualTo("2[\"echo\",\"still here\"]");
        EVENTS.clear();
    }

    private static CompletableFuture<String> reason(String socketId) {
        return REASONS.computeIfAbsent(socketId, k -> new CompletableFuture<>());
    }

    /** A value as text, binaries as {@code bytes[..]}. */
    private static String describe(Object value) {
        if (value instanceof byte[] b) {
            return "bytes" + Arrays.toString(b);
        }
        if (value instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object v : list) {
                out.add(describe(v));
            }
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, String> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, describe(v)));
            return out.toString();
        }
        return String.valueOf(value);
    }

    private static String sidOf(String connectAnswer) {
        int start = connectAnswer.indexOf("\"sid\":\"") + 7;
        return connectAnswer.substring(start, connectAnswer.indexOf('"', start));
    }

    private static String nextEvent() throws InterruptedException {
        String e = EVENTS.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event reached the server").isNotNull();
        return e;
    }

    private static void assertNoStackTrace(String text) {
        assertThat(text).doesNotContain("Exception", "\tat ", "at io.github", "at java.",
                "ParseException", ".java:");
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static String placeholders(int n) {
        StringBuilder b = new StringBuilder("[\"echo\"");
        for (int i = 0; i < n; i++) {
            b.append(",{\"_placeholder\":true,\"num\":").append(i).append('}');
        }
        return b.append(']').toString();
    }

    // ---------------------------------------------------------------- violations

    /**
     * A violation.
     *
     * @param join whether the connection joins {@code /} first
     * @param frames Socket.IO packet texts (String) and attachments (byte[]) to send
     */
    record Offence(boolean join, List<Object> frames) {}

    private static Arguments offence(String name, boolean join, Object... frames) {
        return Arguments.of(name, new Offence(join, List.of(frames)));
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                // S2: the ack id is a run of digits
                offence("ack id that is not digits", true, "2abc[\"echo\"]"),
                offence("namespace without slash", true, "2custom,[\"echo\"]"),
                // S3: payloads
                offence("CONNECT data an array", false, "0[1]"),
                offence("CONNECT data a string", false, "0\"token\""),
                offence("CONNECT data a number on /custom", false, "0/custom,5"),
                offence("DISCONNECT with an object", true, "1{}"),
                offence("DISCONNECT with a string", true, "1\"bye\""),
                offence("EVENT data an object", true, "2{\"a\":1}"),
                offence("EVENT data a string", true, "2\"echo\""),
                offence("EVENT without data", true, "21"),
                offence("EVENT data an empty array", true, "2[]"),
                offence("EVENT name an object", true, "2[{}]"),
                offence("EVENT name null", true, "2[null]"),
                offence("EVENT name a boolean", true, "2[true]"),
                offence("EVENT name an array", true, "2[[\"echo\"]]"),
                offence("reserved name disconnect", true, "2[\"disconnect\"]"),
                offence("reserved name connect", true, "2[\"connect\"]"),
                offence("reserved name connect_error", true, "2[\"connect_error\"]"),
                offence("reserved name disconnecting", true, "2[\"disconnecting\"]"),
                offence("reserved name newListener", true, "2[\"newListener\",\"x\"]"),
                offence("reserved name removeListener", true, "2[\"removeListener\"]"),
                offence("ACK data an object", true, "31{\"a\":1}"),
                offence("ACK data a string", true, "31\"x\""),
                offence("ACK without id", true, "3[]"),
                offence("truncated JSON", true, "2[\"echo\""),
                offence("trailing comma in JSON", true, "2[\"echo\",]"),
                offence("unknown packet type", true, "7[\"echo\"]"),
                offence("empty packet", true, ""),
                // S4: namespaces
                offence("EVENT before CONNECT", false, "2[\"echo\"]"),
                offence("EVENT to an unjoined namespace", true, "2/custom,[\"echo\"]"),
                offence("ACK to an unjoined namespace", true, "3/custom,1[]"),
                offence("DISCONNECT of an unjoined namespace", true, "1/custom,"),
                offence("second CONNECT to a joined namespace", true, "0"),
                offence("CONNECT_ERROR from a client", true, "4{\"message\":\"nope\"}"),
                offence("CONNECT_ERROR from a client before CONNECT", false, "4"),
                // S5: binary attachments
                offence("placeholder num a string", true,
                        "51-[\"echo\",{\"_placeholder\":true,\"num\":\"splice\"}]", bytes(1)),
                offence("placeholder num out of range", true,
                        "51-[\"echo\",{\"_placeholder\":true,\"num\":5}]", bytes(1)),
                offence("placeholder num negative", true,
                        "51-[\"echo\",{\"_placeholder\":true,\"num\":-1}]", bytes(1)),
                offence("placeholder num not an integer", true,
                        "51-[\"echo\",{\"_placeholder\":true,\"num\":0.5}]", bytes(1)),
                offence("placeholder with an extra key", true,
                        "51-[\"echo\",{\"_placeholder\":true,\"num\":0,\"x\":1}]", bytes(1)),
                offence("attachment referenced twice", true, "52-[\"echo\","
                        + "{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":0}]",
                        bytes(1), bytes(2)),
                offence("zero attachments", true, "50-[\"echo\"]"),
                offence("attachment count missing", true, "5-[\"echo\"]"),
                offence("attachment count without dash", true,
                        "51[\"echo\",{\"_placeholder\":true,\"num\":0}]"),
                offence("eleven attachments", true, "511-" + placeholders(11)),
                offence("attachment count on a text EVENT", true, "21-[\"echo\"]"),
                offence("text frame while attachments are pending", true,
                        "52-" + placeholders(2), bytes(1), "2[\"echo\"]"),
                offence("binary frame when none is pending", true, bytes(1, 2, 3)),
                offence("binary frame before CONNECT", false, bytes(1, 2, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void aViolationClosesOnlyThatConnection(String name, Offence offence) throws Exception {
        try (RawSioWs client = RawSioWs.open(server.port())) {
            EngineSession session = server.io().engine().session(client.sid());
            String socketId = offence.join() ? sidOf(client.connect("/")) : null;
            for (Object frame : offence.frames()) {
                try {
                    if (frame instanceof String text) {
                        client.send(text);
                    } else {
                        client.sendBinary((byte[]) frame);
                    }
                } catch (UncheckedIOException closedAlready) {
                    // a bad header is refused before its attachments are sent
                    break;
                }
            }
            client.awaitClose();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(session.closeReason()).isEqualTo(CloseReason.PARSE_ERROR));
            if (socketId != null) {
                assertThat(reason(socketId).get(10, TimeUnit.SECONDS)).isEqualTo("parse error");
            }
            assertNoStackTrace(client.seenText());
            // nothing of the bad packet reached the application
            assertThat(EVENTS).isEmpty();
        }
    }

    // ---------------------------------------------------------------- accepted inputs

    @Test
    void connectWithoutTrailingCommaJoinsTheNamespace() throws Exception {
        try (RawSioWs client = RawSioWs.open(server.port())) {
            client.send("0/custom");
            String answer = client.next();
            assertThat(answer).startsWith("0/custom,{\"sid\":\"");
            client.send("2/custom,[\"echo\",1]");
            assertThat(client.next()).isEqualTo("2/custom,[\"echo\",1]");
            assertThat(nextEvent()).isEqualTo("/custom echo [1]");
        }
    }

    @Test
    void disconnectWithoutTrailingCommaLeavesOnlyThatNamespace() throws Exception {
        try (RawSioWs client = RawSioWs.open(server.port())) {
            assertThat(client.connect("/")).startsWith("0{\"sid\":");
            String custom = client.connect("/custom");
            client.send("1/custom");
            assertThat(reason(sidOf(custom)).get(10, TimeUnit.SECONDS))
                    .isEqualTo("client namespace disconnect");
            client.send("2[\"echo\",\"on /\"]");
            assertThat(client.next()).isEqualTo("2[\"echo\",\"on /\"]");
            assertThat(nextEvent()).isEqualTo("/ echo [on /]");
        }
    }

    @Test
    void anAckWithAnUnknownIdIsIgnored() throws Exception {
        try (RawSioWs client = RawSioWs.open(server.port())) {
            String sid = sidOf(client.connect("/"));
            client.send("399[\"late\"]");
            client.send("312[]");
            client.send("2[\"echo\",\"after\"]");
            assertThat(client.next()).isEqualTo("2[\"echo\",\"after\"]");
            assertThat(REASONS.get(sid)).isNull();
        }
    }

    @Test
    void placeholderKeysMayComeInAnyOrder() throws Exception {
        try (RawSioWs client = RawSioWs.open(server.port())) {
            client.connect("/");
            client.send("52-[\"echo\",{\"num\":1,\"_placeholder\":true},"
                    + "{\"x\":{\"num\":0,\"_placeholder\":true}}]");
            client.sendBinary(bytes(7));
            client.sendBinary(bytes(8, 9));
            assertThat(nextEvent()).isEqualTo("/ echo [bytes[8, 9], {x=bytes[7]}]");
        }
    }

    @Test
    void aNumericEventNameIsAnEvent() throws Exception {
        try (RawSioWs client = RawSioWs.open(server.port())) {
            client.connect("/");
            client.send("2[42,\"x\"]");
            assertThat(client.next()).isEqualTo("2[\"numeric\",\"x\"]");
        }
    }

    @Test
    void anErrorEventFromAClientIsAPlainEventAndNeverReachesErrorListeners() throws Exception {
        try (RawSioWs client = RawSioWs.open(server.port())) {
            String sid = sidOf(client.connect("/"));
            int errorsBefore = ERRORS.get();
            client.send("2[\"error\",\"boom\"]");
            // the application's own "error" listener gets it, like any event
            assertThat(client.next()).isEqualTo("2[\"plain-error\",\"boom\"]");
            assertThat(nextEvent()).isEqualTo("/ error [boom]");
            client.send("2[\"echo\",\"alive\"]");
            assertThat(client.next()).isEqualTo("2[\"echo\",\"alive\"]");
            assertThat(ERRORS).hasValue(errorsBefore);
            assertThat(REASONS.get(sid)).isNull();
        }
    }

    // ---------------------------------------------------------------- over polling

    @Test
    void aParseErrorOverPollingClosesTheSession() throws Exception {
        RawSioPolling client = RawSioPolling.open(server.port());
        String sid = sidOf(client.connect());
        EngineSession session = server.io().engine().session(client.sid());
        CompletableFuture<HttpResponse<String>> pending = client.getAsync();
        HttpResponse<String> post = client.post("42abc[\"echo\"]");
        assertThat(post.body()).isEqualTo("ok");
        assertThat(reason(sid).get(10, TimeUnit.SECONDS)).isEqualTo("parse error");
        assertThat(session.closeReason()).isEqualTo(CloseReason.PARSE_ERROR);
        HttpResponse<String> ended = pending.get(10, TimeUnit.SECONDS);
        // the held poll ends with the close packet; a poll not held yet finds it waiting
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(ended.body()).isEqualTo("1");
        HttpResponse<String> after = client.get();
        assertThat(after.statusCode()).isEqualTo(400);
        assertNoStackTrace(post.body() + ended.body() + after.body());
    }

    @Test
    void binaryAttachmentsOverPollingWork() throws Exception {
        RawSioPolling client = RawSioPolling.open(server.port());
        client.connect();
        assertThat(client.post("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]", "bAQID").body())
                .isEqualTo("ok");
        assertThat(nextEvent()).isEqualTo("/ echo [bytes[1, 2, 3]]");
        // the echo comes back as a binary packet: header, then the attachment in base64
        assertThat(RawSioPolling.packets(client.get()))
                .containsExactly("451-[\"echo\",{\"_placeholder\":true,\"num\":0}]", "bAQID");
    }

    @Test
    void aBinaryPacketWhenNoneIsPendingOverPollingClosesTheSession() throws Exception {
        RawSioPolling client = RawSioPolling.open(server.port());
        String sid = sidOf(client.connect());
        EngineSession session = server.io().engine().session(client.sid());
        assertThat(client.post("bAQID").body()).isEqualTo("ok");
        assertThat(reason(sid).get(10, TimeUnit.SECONDS)).isEqualTo("parse error");
        assertThat(session.closeReason()).isEqualTo(CloseReason.PARSE_ERROR);
        assertThat(EVENTS).isEmpty();
        assertThat(client.get().body()).isEqualTo("1");
    }

    @Test
    void anEventBeforeConnectOverPollingClosesTheSession() {
        RawSioPolling client = RawSioPolling.open(server.port());
        EngineSession session = server.io().engine().session(client.sid());
        assertThat(client.post("42[\"echo\"]").body()).isEqualTo("ok");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(session.closeReason()).isEqualTo(CloseReason.PARSE_ERROR));
        // no poll was held: the next one gets the close packet, as after a server close (an
        // official client then reports "transport close", not a refused poll)
        HttpResponse<String> closing = client.get();
        assertThat(closing.statusCode()).isEqualTo(200);
        assertThat(closing.body()).isEqualTo("1");
        HttpResponse<String> after = client.get();
        assertThat(after.statusCode()).isEqualTo(400);
        assertNoStackTrace(after.body());
    }
}
