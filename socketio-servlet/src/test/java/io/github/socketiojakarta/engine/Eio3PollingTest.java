package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.LogCapture;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RecordingListener;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Engine.IO v3 over long-polling ({@code allowEIO3}): the handshake, length-prefixed payloads,
 * base64 and binary payloads, binary POSTs, JSONP, the client's pings, the refusal when the
 * option is off, and bad input (each a 400, a closed session and a log line).
 */
class Eio3PollingTest {
    private final RecordingListener listener = RecordingListener.echoing();
    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(EngineOptions.Builder options) {
        server = EngineTestServer.start(options.build(), listener);
    }

    private void start() {
        start(EngineTestServer.quietOptions().allowEIO3(true));
    }

    private HttpResponse<byte[]> send(String method, String query, byte[] body,
            String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http(query))
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            b.GET();
        } else {
            b.method(method, BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        }
        return PollingClient.await(PollingClient.http().sendAsync(b.build(),
                BodyHandlers.ofByteArray()));
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> get(String query) {
        return send("GET", query, null, null);
    }

    private HttpResponse<byte[]> post(String query, String body) {
        return send("POST", query, body.getBytes(StandardCharsets.UTF_8),
                "text/plain;charset=UTF-8");
    }

    /** Opens a v3 session; returns its sid. */
    private String open(String extra) {
        HttpResponse<byte[]> r = get("EIO=3&transport=polling" + extra);
        assertThat(r.statusCode()).isEqualTo(200);
        String body = text(r);
        int colon = body.indexOf(':');
        String packet = body.substring(colon + 1);
        assertThat(Integer.parseInt(body.substring(0, colon))).isEqualTo(packet.length());
        assertThat(packet).startsWith("0{\"sid\":\"");
        return packet.substring(9, packet.indexOf('"', 9));
    }

    private static String q(String sid, String extra) {
        return "EIO=3&transport=polling&sid=" + sid + extra;
    }

    @Test
    void v3IsRefusedWhenNotAllowed() {
        start(EngineTestServer.quietOptions());

        for (String query : new String[] {"EIO=3&transport=polling", "transport=polling",
            "EIO=abc&transport=polling"}) {
            HttpResponse<byte[]> r = get(query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(text(r)).isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        }
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void handshakeIsALengthPrefixedOpenPacketAndAnyEioButFourIsV3() {
        start();

        HttpResponse<byte[]> r = get("EIO=3&transport=polling");
        // Tomcat writes it "text/plain;charset=UTF-8", as for v4 payloads
        assertThat(r.headers().firstValue("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualTo("text/plain;charset=UTF-8");
        assertThat(text(r)).matches("\\d+:0\\{\"sid\":\"[\\w-]{20}\",\"upgrades\":\\[\"websocket\"\\],"
                + "\"pingInterval\":20000,\"pingTimeout\":10000,\"maxPayload\":1000000\\}");
        for (String query : new String[] {"transport=polling", "EIO=abc&transport=polling"}) {
            String body = text(get(query));
            assertThat(body).as(query).matches("\\d+:0\\{.*");
            String sid = body.substring(body.indexOf("sid\":\"") + 6).substring(0, 20);
            assertThat(server.engine().session(sid).protocol()).isEqualTo(3);
        }
        assertThat(text(get("EIO=4&transport=polling"))).startsWith("0{");
    }

    @Test
    void textAndBase64PayloadsAreEchoed() {
        start();
        String sid = open("&b64=1");

        assertThat(text(post(q(sid, "&b64=1"), "6:4hello10:b4AQIDBA=="))).isEqualTo("ok");
        await().until(() -> listener.events(sid).size() >= 3);
        String echoed = text(get(q(sid, "&b64=1")));
        assertThat(echoed).isEqualTo("6:4hello10:b4AQIDBA==");
    }

    @Test
    void aClientThatTakesBinaryGetsTheBinaryFraming() {
        start();
        String sid = open("");

        post(q(sid, ""), "6:4hello10:b4AQIDBA==");
        await().until(() -> listener.events(sid).size() >= 3);
        HttpResponse<byte[]> r = get(q(sid, ""));

        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(HexFormat.of().formatHex(r.body()))
                .isEqualTo("0006ff3468656c6c6f0105ff0401020304");
    }

    @Test
    void binaryPostsAreTakenFromV3ClientsOnly() {
        start();
        String sid = open("");
        byte[] body = HexFormat.of().parseHex("0002ff3461" + "0103ff040102");

        HttpResponse<byte[]> r = send("POST", q(sid, ""), body, "application/octet-stream");
        assertThat(r.statusCode()).isEqualTo(200);
        await().until(() -> listener.texts(sid).size() == 1 && listener.binaries(sid).size() == 1);
        assertThat(listener.texts(sid)).containsExactly("a");
        assertThat(listener.binaries(sid)).containsExactly("0102");

        String v4 = PollingClient.split(text(get("EIO=4&transport=polling"))).get(0)
                .substring(9, 29);
        HttpResponse<byte[]> refused = send("POST", "EIO=4&transport=polling&sid=" + v4, body,
                "application/octet-stream");
        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    void theClientPingsAndTheServerAnswers() {
        start();
        String sid = open("&b64=1");

        post(q(sid, "&b64=1"), "1:2");
        assertThat(text(get(q(sid, "&b64=1")))).isEqualTo("1:3");
        post(q(sid, "&b64=1"), "6:2probe");
        assertThat(text(get(q(sid, "&b64=1")))).isEqualTo("1:3");
    }

    @Test
    void aPongFromAV3ClientClosesTheSession() {
        start();
        String sid = open("&b64=1");

        post(q(sid, "&b64=1"), "1:3");

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void noPingWithinIntervalPlusTimeoutClosesTheSession() {
        start(EngineOptions.builder().allowEIO3(true).pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200)));
        String sid = open("&b64=1");
        long opened = System.nanoTime();
        // pings keep it open past interval + timeout
        for (int i = 0; i < 4; i++) {
            post(q(sid, "&b64=1"), "1:2");
            assertThat(text(get(q(sid, "&b64=1")))).isEqualTo("1:3");
            await().pollDelay(Duration.ofMillis(200)).until(() -> true);
        }
        assertThat(server.hasSession(sid)).isTrue();
        assertThat(System.nanoTime() - opened).isGreaterThan(Duration.ofMillis(500).toNanos());

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PING_TIMEOUT);
        assertThat(post(q(sid, "&b64=1"), "1:2").statusCode()).isEqualTo(400);
    }

    @Test
    void jsonpWrapsThePayloadAndReadsForms() {
        start();
        HttpResponse<byte[]> r = get("EIO=3&transport=polling&j=4");
        String script = text(r);
        assertThat(script).matches("___eio\\[4\\]\\(\"\\d+:0\\{\\\\\"sid\\\\\":.*\"\\);");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("sid\\\\\":\\\\\"([\\w-]{20})")
                .matcher(script);
        assertThat(m.find()).as(script).isTrue();
        String sid = m.group(1);

        String form = "d=" + java.net.URLEncoder.encode("6:4a\\nb\\\\n", StandardCharsets.UTF_8);
        HttpResponse<byte[]> posted = send("POST", q(sid, "&j=4"),
                form.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
        assertThat(text(posted)).isEqualTo("ok");
        await().until(() -> listener.texts(sid).size() == 1);
        assertThat(listener.texts(sid)).containsExactly("a\nb\\n");
        assertThat(text(get(q(sid, "&j=4")))).isEqualTo("___eio[4](\"6:4a\\nb\\\\n\");");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "10:4hi", "x:4hi", "99999999999999999999:4hi", "-1:4",
        "2:4a5", "1e1:4aaaaaaaaa", "3:9ab", "1:", ""})
    void badTextPayloadsAre400AndCloseTheSession(String payload) {
        start();
        String sid = open("&b64=1");
        try (LogCapture log = new LogCapture()) {
            HttpResponse<byte[]> r = post(q(sid, "&b64=1"), payload);

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PARSE_ERROR);
            assertThat(get(q(sid, "&b64=1")).statusCode()).isEqualTo(400);
            await().until(() -> log.has(sid, "bad payload"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0005ff3461", "000cff34", "000102", "0701ff34", "00ff34",
        "0009090909090909090909ff34", "0102ff05", "0002ffc328"})
    void badBinaryPayloadsAre400AndCloseTheSession(String hex) {
        start();
        String sid = open("");
        try (LogCapture log = new LogCapture()) {
            HttpResponse<byte[]> r = send("POST", q(sid, ""), HexFormat.of().parseHex(hex),
                    "application/octet-stream");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PARSE_ERROR);
            await().until(() -> log.has(sid, "bad payload"));
        }
    }

    @Test
    void postsOverMaxHttpBufferSizeAre413() {
        start(EngineTestServer.quietOptions().allowEIO3(true).maxHttpBufferSize(100));
        String text = open("&b64=1");
        String binary = open("");

        assertThat(post(q(text, "&b64=1"), "201:4" + "x".repeat(200)).statusCode())
                .isEqualTo(413);
        byte[] big = new byte[200];
        assertThat(send("POST", q(binary, ""), big, "application/octet-stream").statusCode())
                .isEqualTo(413);
        assertThat(listener.awaitClose(text)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        assertThat(listener.awaitClose(binary)).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }
}
