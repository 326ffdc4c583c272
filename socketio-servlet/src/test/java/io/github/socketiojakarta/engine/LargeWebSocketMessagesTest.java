package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On Tomcat the WebSocket endpoint shrinks the session's message buffers to 1024 characters /
 * bytes: messages far longer than that, sent as one frame, still arrive whole up to the default
 * maxHttpBufferSize (1e6 bytes), multi-byte characters across the container's part boundaries
 * included, and one byte more still closes with 1009.
 */
class LargeWebSocketMessagesTest {
    private final RecordingListener listener = RecordingListener.echoing();
    private EngineTestServer server;
    private WsClient ws;
    private String sid;
    private int limit;

    @BeforeEach
    void start() {
        EngineOptions options = EngineTestServer.quietOptions().build();
        limit = options.maxHttpBufferSize();
        server = EngineTestServer.start(options, listener);
        ws = WsClient.connect(server.ws("EIO=4&transport=websocket"));
        sid = ws.nextOpen().sid();
    }

    @AfterEach
    void stop() {
        ws.close();
        server.close();
    }

    @Test
    void textOfTheLimitInOneFrameArrivesWhole() {
        // "4", then surrogate pairs at odd offsets (one straddles character 1024, where the
        // container's first part ends), 3-byte characters, then ASCII up to exactly the limit
        // in UTF-8 bytes
        String text = "4" + "😀".repeat(1000) + "€".repeat(1000);
        text += "x".repeat(limit - 1 - 4000 - 3000);
        assertThat(WsClient.utf8(text)).hasSize(limit);

        ws.sendText(text);

        assertThat(ws.nextText()).isEqualTo(text);
        assertThat(listener.texts(sid)).containsExactly(text.substring(1));
    }

    @Test
    void binaryOfTheLimitInOneFrameArrivesWhole() {
        byte[] data = new byte[limit];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }

        ws.sendBinary(data);

        byte[] echoed = ws.nextBinary();
        assertThat(Arrays.equals(echoed, data)).as("binary echoed byte for byte").isTrue();
    }

    @Test
    void manyMessagesLongerThanTheBufferArriveInOrder() {
        for (int i = 0; i < 20; i++) {
            ws.sendText("4" + i + "y".repeat(5000 + i));
        }
        for (int i = 0; i < 20; i++) {
            assertThat(ws.nextText()).isEqualTo("4" + i + "y".repeat(5000 + i));
        }
    }

    @Test
    void oneByteOverTheLimitStillClosesWith1009() {
        ws.sendText("4" + "z".repeat(limit));

        assertThat(ws.nextClose().code()).isEqualTo(1009);
        assertThat(listener.awaitClose(sid)).isEqualTo(CloseReason.TRANSPORT_ERROR);
    }
}
