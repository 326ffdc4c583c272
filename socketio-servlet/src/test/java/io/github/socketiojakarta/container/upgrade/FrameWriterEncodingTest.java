package io.github.socketiojakarta.container.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a batch becomes bytes: one buffer for all its frames, large payloads not copied. */
class FrameWriterEncodingTest {

    @Test
    void smallBatchIsOneBufferOfConsecutiveFrames() {
        EnginePacket.TextMessage text = new EnginePacket.TextMessage("h\u00e9");
        byte[][] parts = FrameWriter.encode(List.of(text,
                new EnginePacket.BinaryMessage(new byte[] {7, 8}), EnginePacket.PING));

        assertThat(parts).hasNumberOfRows(1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(new byte[] {(byte) 0x81, 4, '4', 'h', (byte) 0xC3, (byte) 0xA9});
        expected.writeBytes(new byte[] {(byte) 0x82, 2, 7, 8});
        expected.writeBytes(new byte[] {(byte) 0x81, 1, '2'});
        assertThat(parts[0]).isEqualTo(expected.toByteArray());
    }

    @Test
    void textIsTakenFromThePacketsSharedUtf8() {
        EnginePacket.TextMessage shared = new EnginePacket.TextMessage("x".repeat(20_000));
        byte[][] first = FrameWriter.encode(List.of(shared));
        byte[][] second = FrameWriter.encode(List.of(shared));
        // a large payload is written from the packet's own cached array, for every connection
        assertThat(first).hasNumberOfRows(2);
        assertThat(first[1]).isSameAs(shared.wireUtf8()).isSameAs(second[1]);
        assertThat(first[0]).containsExactly(0x81, 126, 20_001 >>> 8, 20_001 & 0xFF);
    }

    @Test
    void largePayloadSplitsTheBatchAroundIt() {
        byte[] big = new byte[70_000];
        byte[][] parts = FrameWriter.encode(List.of(new EnginePacket.TextMessage("a"),
                new EnginePacket.BinaryMessage(big), new EnginePacket.TextMessage("b"),
                new EnginePacket.TextMessage("c")));

        assertThat(parts).hasNumberOfRows(4);
        assertThat(parts[0]).containsExactly(0x81, 2, '4', 'a');
        assertThat(parts[1]).hasSize(10).startsWith(0x82, 127);
        assertThat(parts[2]).isSameAs(big);
        assertThat(new String(parts[3], StandardCharsets.ISO_8859_1))
                .isEqualTo("\u0081\u00024b\u0081\u00024c");
    }
}
