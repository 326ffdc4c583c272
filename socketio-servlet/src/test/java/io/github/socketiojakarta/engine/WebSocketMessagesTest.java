package io.github.socketiojakarta.engine;

import static io.github.socketiojakarta.testing.RecordingListener.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Messages over WebSocket: one packet per frame, binary frames without a type prefix, and the
 * maxHttpBufferSize bound (close code 1009) for whole and fragmented messages.
 */
class WebSocketMessagesTest {
    private static final int LIMIT = 100;

    private final RecordingListener listener = RecordingListener.echoing();
    private EngineTestServer server;
    private WsClient ws;
    private String sid;

    @BeforeEach
    void start() {
        server = EngineTestServer.start(EngineTestServer.quietOptions().maxHttpBufferSize(LIMIT)
                .build(), listener);
        ws = WsClient.connect(server.ws("EIO=4&transport=websocket"));
        sid = ws.nextOpen().sid();
    }

    @AfterEach
    void stop() {
        ws.close();
        server.close();
    }

    private void assertClosedWith1009() {
        assertThat(ws.nextClose().code()).isEqualTo(1009);
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
        server.awaitSessionGone(sid);
    }

    @Test
    void textMessageIsEchoedAsAText() {
        ws.sendText("4hello");

        assertThat(ws.nextText()).isEqualTo("4hello");
        assertThat(listener.texts(sid)).containsExactly("hello");
    }

    @Test
    void nonAsciiTextSurvives() {
        ws.sendText("4héllo € 😀");

        assertThat(ws.nextText()).isEqualTo("4héllo € 😀");
    }

    @Test
    void binaryMessageIsEchoedAsARawBinaryFrame() {
        ws.sendBinary(new byte[] {1, 2, 3, 4});

        assertThat(ws.nextBinary()).containsExactly(1, 2, 3, 4);
        assertThat(listener.binaries(sid)).containsExactly("01020304");
    }

    @Test
    void binaryFrameThatStartsWithADigitIsNotATypePrefix() {
        ws.sendBinary(new byte[] {'4', 0, '1'});

        assertThat(ws.nextBinary()).containsExactly('4', 0, '1');
        assertThat(listener.binaries(sid)).containsExactly(hex((byte) '4', (byte) 0, (byte) '1'));
    }

    @Test
    void serverBinaryGoesOutAsABinaryFrameAndTextAsATextFrame() {
        EngineSession session = server.engine().session(sid);

        session.send(EnginePacket.binary(new byte[] {(byte) 0xff, 0}));
        session.send(EnginePacket.message("x"));
        session.send(EnginePacket.binary(new byte[0]));

        assertThat(ws.nextBinary()).containsExactly(0xff, 0);
        assertThat(ws.nextText()).isEqualTo("4x");
        assertThat(ws.nextBinary()).isEmpty();
    }

    @Test
    void manyMessagesAreEchoedInOrder() {
        for (int i = 0; i < 300; i++) {
            if (i % 3 == 0) {
                ws.sendBinary(new byte[] {(byte) i});
            } else {
                ws.sendText("4m" + i);
            }
        }

        for (int i = 0; i < 300; i++) {
            if (i % 3 == 0) {
                assertThat(ws.nextBinary()).containsExactly((byte) i);
            } else {
                assertThat(ws.nextText()).isEqualTo("4m" + i);
            }
        }
    }

    @Test
    void fragmentedMessageWithinTheLimitIsJoined() {
        ws.sendTextFragments("4ab", "cd", "é".repeat(10));
        ws.sendBinaryFragments(new byte[] {1}, new byte[] {2, 3}, new byte[LIMIT - 3]);

        assertThat(ws.nextText()).isEqualTo("4abcd" + "é".repeat(10));
        assertThat(ws.nextBinary()).hasSize(LIMIT).startsWith(1, 2, 3);
    }

    @Test
    void messagesOfExactlyTheLimitAreAccepted() {
        ws.sendText("4" + "x".repeat(LIMIT - 1));
        ws.sendBinary(new byte[LIMIT]);

        assertThat(ws.nextText()).hasSize(LIMIT);
        assertThat(ws.nextBinary()).hasSize(LIMIT);
        assertThat(server.hasSession(sid)).isTrue();
    }

    @Test
    void textOverTheLimitClosesWith1009() {
        ws.sendText("4" + "x".repeat(LIMIT));

        assertClosedWith1009();
        assertThat(listener.texts(sid)).isEmpty();
    }

    @Test
    void textLimitCountsUtf8Bytes() {
        ws.sendText("4" + "€".repeat(LIMIT / 3)); // 1 + 99 bytes: fits
        assertThat(ws.nextText()).hasSize(1 + LIMIT / 3);

        ws.sendText("4" + "€".repeat(LIMIT / 3 + 1)); // 102 bytes in 35 characters

        assertClosedWith1009();
    }

    @Test
    void binaryOverTheLimitClosesWith1009() {
        ws.sendBinary(new byte[LIMIT + 1]);

        assertClosedWith1009();
        assertThat(listener.binaries(sid)).isEmpty();
    }

    @Test
    void fragmentedTextOverTheLimitClosesWith1009() {
        ws.sendTextFragments("4" + "a".repeat(40), "b".repeat(40), "c".repeat(40));

        assertClosedWith1009();
        assertThat(listener.texts(sid)).isEmpty();
    }

    @Test
    void fragmentedBinaryOverTheLimitClosesWith1009() {
        ws.sendBinaryFragments(new byte[40], new byte[40], new byte[40]);

        assertClosedWith1009();
        assertThat(listener.binaries(sid)).isEmpty();
    }

    @Test
    void invalidTextPacketClosesTheSessionWithParseError() {
        ws.sendText("abc");

        assertThat(ws.nextClose().code()).isEqualTo(1000);
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PARSE_ERROR);
    }

    @Test
    void emptyTextFrameIsAnInvalidPacket() {
        ws.sendText("");

        ws.nextClose();
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PARSE_ERROR);
    }

    @Test
    void packetsAfterTheBadOneAreNotDelivered() {
        ws.sendText("4one");
        assertThat(ws.nextText()).isEqualTo("4one");

        ws.sendText("x");
        ws.nextClose();

        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.PARSE_ERROR);
        assertThat(listener.events(sid)).containsExactly("open", "text:one", "close:parse error");
    }

    @Test
    void upgradeAndNoopFromTheClientAreIgnored() {
        ws.sendText("5");
        ws.sendText("6");
        ws.sendText("4still");

        assertThat(ws.nextText()).isEqualTo("4still");
        await().until(() -> listener.texts(sid).size() == 1);
        assertThat(server.hasSession(sid)).isTrue();
    }
}
