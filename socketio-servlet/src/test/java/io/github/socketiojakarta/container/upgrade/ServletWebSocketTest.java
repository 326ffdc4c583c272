package io.github.socketiojakarta.container.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.EngineOptions;
import io.github.socketiojakarta.engine.codec.websocket.Frames;
import io.github.socketiojakarta.engine.codec.websocket.Masking;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The servlet-upgrade WebSocket (the default on Tomcat) on an embedded Tomcat, driven with raw
 * bytes over a socket: the handshake's answers, and what the server does with each kind of
 * frame. A second connection checks that one client's bad frames harm nobody else.
 */
class ServletWebSocketTest {
    private static final String WS = "EIO=4&transport=websocket";

    private final RecordingListener recorder = RecordingListener.echoing();
    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start() {
        start(EngineTestServer.quietOptions().build());
    }

    private void start(EngineOptions options) {
        server = EngineTestServer.start(options, recorder);
    }

    /** A raw connection past the handshake and the open packet; returns its session id. */
    private RawHttp open(String[] sid) {
        RawHttp raw = RawHttp.connect(server.port());
        RawHttp.Response r = raw.send(RawHttp.websocketUpgrade(server.target(WS))).readResponse();
        assertThat(r.status()).isEqualTo(101);
        RawHttp.WsFrame open = raw.readFrame();
        assertThat(open.text()).startsWith("0{\"sid\":\"");
        sid[0] = open.text().substring(9, open.text().indexOf('"', 9));
        return raw;
    }

    // ---------------------------------------------------------------- handshake

    @Test
    void goodHandshakeIsSwitchingProtocolsWithTheAcceptOfTheKey() {
        start();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            RawHttp.Response r = raw.send(RawHttp.websocketUpgrade(server.target(WS),
                    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits",
                    "Sec-WebSocket-Protocol: chat")).readResponse();

            assertThat(r.status()).isEqualTo(101);
            // the example of RFC 6455 section 1.3
            assertThat(r.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(r.header("Upgrade")).isEqualToIgnoringCase("websocket");
            assertThat(r.header("Connection")).containsIgnoringCase("upgrade");
            assertThat(r.header("Sec-WebSocket-Extensions")).isNull();
            assertThat(r.header("Sec-WebSocket-Protocol")).isNull();
            RawHttp.WsFrame open = raw.readFrame();
            assertThat(open.opcode()).isEqualTo(Frames.TEXT);
            assertThat(open.text()).startsWith("0{\"sid\":");
        }
    }

    @Test
    void connectionHeaderWithOtherTokensAndAnyCaseIsAccepted() {
        start();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            String head = RawHttp.head("GET", server.target(WS), "Upgrade: WebSocket",
                    "Connection: keep-alive, UPGRADE", "Sec-WebSocket-Key: " + RawHttp.WS_KEY,
                    "Sec-WebSocket-Version: 13");
            assertThat(raw.send(head).readResponse().status()).isEqualTo(101);
        }
    }

    @Test
    void missingOrBadKeyIsBadRequest() {
        start();
        for (String key : new String[] {null, "abc", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not base64!!"}) {
            try (RawHttp raw = RawHttp.connect(server.port())) {
                String head = key == null
                        ? RawHttp.head("GET", server.target(WS), "Upgrade: websocket",
                                "Connection: Upgrade", "Sec-WebSocket-Version: 13")
                        : RawHttp.head("GET", server.target(WS), "Upgrade: websocket",
                                "Connection: Upgrade", "Sec-WebSocket-Key: " + key,
                                "Sec-WebSocket-Version: 13");
                RawHttp.Response r = raw.send(head).readResponse();
                assertThat(r.status()).as("key %s", key).isEqualTo(400);
                assertThat(r.header("Sec-WebSocket-Accept")).isNull();
            }
        }
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void connectionHeaderWithoutUpgradeIsBadRequest() {
        start();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            String head = RawHttp.head("GET", server.target(WS), "Upgrade: websocket",
                    "Connection: keep-alive", "Sec-WebSocket-Key: " + RawHttp.WS_KEY,
                    "Sec-WebSocket-Version: 13");
            assertThat(raw.send(head).readResponse().status()).isEqualTo(400);
        }
    }

    @Test
    void otherVersionIsUpgradeRequiredNamingThirteen() {
        start();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            String head = RawHttp.head("GET", server.target(WS), "Upgrade: websocket",
                    "Connection: Upgrade", "Sec-WebSocket-Key: " + RawHttp.WS_KEY,
                    "Sec-WebSocket-Version: 12");
            RawHttp.Response r = raw.send(head).readResponse();
            assertThat(r.status()).isEqualTo(426);
            assertThat(r.header("Sec-WebSocket-Version")).isEqualTo("13");
        }
        assertThat(server.engine().sessionCount()).isZero();
    }

    // ---------------------------------------------------------------- frames

    @Test
    void messagesInOneWriteAndSplitAnywhereAreEchoed() {
        start();
        String[] sid = new String[1];
        try (RawHttp raw = open(sid)) {
            byte[] two = concat(masked(0x81, "4one"), masked(0x81, "4two"));
            raw.send(two);
            assertThat(raw.readFrame().text()).isEqualTo("4one");
            assertThat(raw.readFrame().text()).isEqualTo("4two");
            // a fragmented message, sent one byte at a time
            byte[] parts = concat(masked(0x01, "4fr"), masked(0x80, "ag"));
            for (byte b : parts) {
                raw.send(new byte[] {b});
            }
            assertThat(raw.readFrame().text()).isEqualTo("4frag");
        }
    }

    @Test
    void unmaskedFrameClosesWith1002AndOthersAreUnharmed() {
        start();
        String[] bad = new String[1];
        String[] good = new String[1];
        try (RawHttp other = open(good); RawHttp raw = open(bad)) {
            raw.send(frame(0x81, false, "4hi".getBytes(StandardCharsets.UTF_8)));

            RawHttp.WsFrame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(Frames.CLOSE);
            assertThat(code(close)).isEqualTo(1002);
            assertThat(reason(close)).isEqualTo("unmasked client frame"); // ours, not JSR-356's
            assertThat(raw.awaitEof()).isTrue();
            assertThat(recorder.awaitClose(bad[0])).isEqualTo(CloseReason.TRANSPORT_ERROR);
            server.awaitSessionGone(bad[0]);

            other.send(masked(0x81, "4still here"));
            assertThat(other.readFrame().text()).isEqualTo("4still here");
            assertThat(server.hasSession(good[0])).isTrue();
        }
    }

    @Test
    void rsvBitClosesWith1002() {
        start();
        String[] sid = new String[1];
        try (RawHttp raw = open(sid)) {
            raw.send(masked(0xC1, "4x"));
            assertThat(code(raw.readFrame())).isEqualTo(1002);
            assertThat(raw.awaitEof()).isTrue();
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() {
        start();
        String[] sid = new String[1];
        try (RawHttp raw = open(sid)) {
            raw.send(frame(0x81, true, new byte[] {'4', (byte) 0xC3, (byte) 0x28}));
            assertThat(code(raw.readFrame())).isEqualTo(1007);
            assertThat(raw.awaitEof()).isTrue();
        }
        assertThat(recorder.awaitClose(sid[0])).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void messageOverMaxHttpBufferSizeClosesWith1009() {
        start(EngineTestServer.quietOptions().maxHttpBufferSize(100).build());
        String[] sid = new String[1];
        try (RawHttp raw = open(sid)) {
            raw.send(frame(0x81, true, ("4" + "x".repeat(100)).getBytes(StandardCharsets.UTF_8)));
            assertThat(code(raw.readFrame())).isEqualTo(1009);
            assertThat(raw.awaitEof()).isTrue();
        }
        assertThat(recorder.awaitClose(sid[0])).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }

    @Test
    void pingIsAnsweredWithAPongOfTheSamePayload() {
        start();
        String[] sid = new String[1];
        try (RawHttp raw = open(sid)) {
            raw.send(frame(0x89, true, new byte[] {1, 2, 3}));
            RawHttp.WsFrame pong = raw.readFrame();
            assertThat(pong.opcode()).isEqualTo(Frames.PONG);
            assertThat(pong.payload()).containsExactly(1, 2, 3);
            // an unsolicited pong changes nothing
            raw.send(frame(0x8A, true, new byte[] {9}));
            raw.send(masked(0x81, "4after"));
            assertThat(raw.readFrame().text()).isEqualTo("4after");
        }
    }

    @Test
    void closeFrameIsEchoedThenTheConnectionEnds() {
        start();
        String[] sid = new String[1];
        try (RawHttp raw = open(sid)) {
            byte[] payload = concat(new byte[] {0x03, (byte) 0xE8}, "bye".getBytes(StandardCharsets.UTF_8));
            raw.send(frame(0x88, true, payload));
            RawHttp.WsFrame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(Frames.CLOSE);
            assertThat(code(close)).isEqualTo(1000);
            assertThat(raw.awaitEof()).isTrue();
        }
        assertThat(recorder.awaitClose(sid[0])).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        server.awaitSessionGone(sid[0]);
    }

    @Test
    void emptyCloseFrameIsAnsweredWithAnEmptyOne() {
        start();
        String[] sid = new String[1];
        try (RawHttp raw = open(sid)) {
            raw.send(frame(0x88, true, new byte[0]));
            RawHttp.WsFrame close = raw.readFrame();
            assertThat(close.opcode()).isEqualTo(Frames.CLOSE);
            assertThat(close.payload()).isEmpty();
            assertThat(raw.awaitEof()).isTrue();
        }
    }

    @Test
    void endOfStreamWithoutACloseFrameIsATransportClose() {
        start();
        String[] sid = new String[1];
        RawHttp raw = open(sid);
        raw.close();
        assertThat(recorder.awaitClose(sid[0])).isEqualTo(CloseReason.TRANSPORT_CLOSE);
        server.awaitSessionGone(sid[0]);
    }

    @Test
    void serverCloseSendsACloseFrameAndEndsTheConnection() {
        start();
        String[] sid = new String[1];
        try (RawHttp raw = open(sid)) {
            server.engine().session(sid[0]).close();
            RawHttp.WsFrame frame = raw.readFrame();
            if (frame.opcode() == Frames.TEXT) {
                assertThat(frame.text()).isEqualTo("1"); // the Engine.IO close packet
                frame = raw.readFrame();
            }
            assertThat(frame.opcode()).isEqualTo(Frames.CLOSE);
            raw.send(frame(0x88, true, new byte[] {0x03, (byte) 0xE8}));
            assertThat(raw.awaitEof()).isTrue();
        }
    }

    @Test
    void closeFromAnotherThreadEndsTheConnectionOfASilentPeer() {
        start();
        String[] sid = new String[1];
        try (RawHttp raw = open(sid)) {
            long t0 = System.nanoTime();
            // the engine's close, on this (test) thread: no container thread is involved
            server.engine().session(sid[0]).close();
            RawHttp.WsFrame frame = raw.readFrame();
            if (frame.opcode() == Frames.TEXT) {
                frame = raw.readFrame();
            }
            assertThat(frame.opcode()).isEqualTo(Frames.CLOSE);
            // no close frame back: the server waits a bounded time, then ends the connection
            assertThat(raw.awaitEof()).isTrue();
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0))
                    .isLessThan(java.time.Duration.ofMillis(UpgradeHandler.CLOSE_WAIT_MILLIS + 4000));
        }
    }

    @Test
    void jsr356CanStillBeChosen() {
        // the same server, with the context parameter: Tomcat's JSR-356 serves the WebSocket
        var engine = new io.github.socketiojakarta.engine.EngineServer(
                EngineTestServer.quietOptions().build(), recorder);
        try (var tomcat = io.github.socketiojakarta.testing.TestServer.startWithContext(
                ctx -> ctx.addParameter("socketio.websocket", "jsr356"),
                (classes, ctx) -> io.github.socketiojakarta.container.EngineBinding.install(ctx,
                        engine));
                WsClient client = WsClient.connect(java.net.URI.create(
                        "ws://127.0.0.1:" + tomcat.port() + "/socket.io/?" + WS));
                RawHttp raw = RawHttp.connect(tomcat.port())) {
            client.nextOpen();
            client.sendText("4jsr");
            assertThat(client.nextText()).isEqualTo("4jsr");
            raw.send(RawHttp.websocketUpgrade("/socket.io/?" + WS)).readResponse();
            raw.readFrame();
            raw.send(frame(0x81, false, "4hi".getBytes(StandardCharsets.UTF_8)));
            RawHttp.WsFrame close = raw.readFrame();
            assertThat(code(close)).isEqualTo(1002);
            assertThat(reason(close)).isNotEqualTo("unmasked client frame");
        }
    }

    @Test
    void unknownChoiceFailsTheStartOfTheApplication() {
        var engine = new io.github.socketiojakarta.engine.EngineServer(
                EngineTestServer.quietOptions().build(), recorder);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> io.github.socketiojakarta.testing.TestServer.startWithContext(
                            ctx -> ctx.addParameter("socketio.websocket", "netty"),
                            (classes, ctx) -> io.github.socketiojakarta.container.EngineBinding
                                    .install(ctx, engine)).close())
                    .hasStackTraceContaining("socketio.websocket: netty is not servlet or jsr356");
        } finally {
            engine.close();
        }
    }

    // ---------------------------------------------------------------- frames of a client

    private static byte[] masked(int firstByte, String text) {
        return frame(firstByte, true, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A client frame, masked with a fixed key or not; payloads up to 125 bytes or 64 kB. */
    static byte[] frame(int firstByte, boolean masked, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int m = masked ? 0x80 : 0;
        if (payload.length > 125) {
            out.write(m | 126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        } else {
            out.write(m | payload.length);
        }
        byte[] body = payload.clone();
        if (masked) {
            int key = 0x1A2B3C4D;
            out.writeBytes(new byte[] {0x1A, 0x2B, 0x3C, 0x4D});
            Masking.unmaskBytewise(body, 0, body.length, key, 0);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int code(RawHttp.WsFrame close) {
        assertThat(close.opcode()).isEqualTo(Frames.CLOSE);
        return (close.payload()[0] & 0xFF) << 8 | (close.payload()[1] & 0xFF);
    }

    private static String reason(RawHttp.WsFrame close) {
        return new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8);
    }
}
