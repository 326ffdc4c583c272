package io.github.socketiojakarta.engine.codec.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the WebSocket codec: masking, UTF-8 validation, robustness on any input. */
class WebSocketCodecPropertiesTest {

    @Property(tries = 2000)
    void wordWiseUnmaskingEqualsByteWise(@ForAll @Size(max = 100) List<Byte> bytes,
            @ForAll int key, @ForAll @IntRange(min = 0, max = 3) int phase,
            @ForAll @IntRange(min = 0, max = 9) int offset) {
        byte[] data = new byte[offset + bytes.size()];
        for (int i = 0; i < bytes.size(); i++) {
            data[offset + i] = bytes.get(i);
        }
        byte[] expected = data.clone();
        Masking.unmaskBytewise(expected, offset, bytes.size(), key, phase);
        Masking.unmask(data, offset, bytes.size(), key, phase);
        assertThat(data).isEqualTo(expected);
    }

    @Property(tries = 3000)
    void utf8ValidationAgreesWithTheJdk(@ForAll("utf8ish") byte[] bytes) {
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            jdk = true;
        } catch (CharacterCodingException e) {
            jdk = false;
        }
        assertThat(Utf8.isValid(bytes, 0, bytes.length)).as("%s", java.util.HexFormat.of()
                .formatHex(bytes)).isEqualTo(jdk);
    }

    /**
     * Checking text fragment by fragment gives the verdict of checking it whole: for any cut,
     * the first part fails alone only when the whole is invalid, and a valid whole's first
     * part leaves a rest that, with the second part, is valid.
     */
    @Property(tries = 3000)
    void fragmentWiseValidationAgreesWithWhole(@ForAll("utf8ish") byte[] bytes,
            @ForAll @IntRange(min = 0, max = 100) int cutAt) {
        int cut = Math.min(cutAt, bytes.length);
        boolean whole = Utf8.isValid(bytes, 0, bytes.length);
        int prefix = Utf8.wholePrefix(bytes, 0, cut);
        String hex = java.util.HexFormat.of().formatHex(bytes) + " cut at " + cut;
        if (whole) {
            assertThat(prefix).as(hex).isBetween(Math.max(0, cut - 3), cut);
            assertThat(Utf8.isValid(bytes, prefix, bytes.length - prefix)).as(hex).isTrue();
        } else if (prefix >= 0) {
            assertThat(Utf8.isValid(bytes, prefix, bytes.length - prefix)).as(hex).isFalse();
        }
        if (cut == bytes.length) {
            assertThat(prefix == cut).as(hex).isEqualTo(whole);
        }
    }

    /** Bytes that are often almost UTF-8: text with random bytes mixed in. */
    @Provide
    Arbitrary<byte[]> utf8ish() {
        Arbitrary<byte[]> text = Arbitraries.strings().ofMaxLength(20)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(12);
        Arbitrary<byte[]> special = Arbitraries.of(
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // > U+10FFFF
                new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong
                new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}); // an emoji
        return Arbitraries.oneOf(text, random, special).list().ofMaxSize(4).map(parts -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            parts.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    @Property(tries = 3000)
    void anyInputGivesMessagesOrATypedError(@ForAll("noise") byte[] input,
            @ForAll @IntRange(min = 1, max = 40) int chunk) {
        FrameParser parser = new FrameParser(1000);
        RecordingSink sink = new RecordingSink();
        try {
            for (int i = 0; i < input.length; i += chunk) {
                parser.feed(input, i, Math.min(chunk, input.length - i), sink);
            }
        } catch (FrameException e) {
            assertThat(e.closeCode()).isIn(1002, 1007, 1009);
            assertThat(parser.done()).isTrue();
        }
    }

    /** Random bytes, and valid frames with a few bytes changed. */
    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> damaged = Arbitraries.strings().ofMaxLength(300)
                .map(s -> ClientFrames.concat(ClientFrames.text(s), ClientFrames.text(s)))
                .flatMap(frames -> Arbitraries.integers().between(0, frames.length - 1).list()
                        .ofMaxSize(3).map(positions -> {
                            byte[] copy = frames.clone();
                            for (int p : positions) {
                                copy[p] ^= (byte) (p * 37 + 1);
                            }
                            return copy;
                        }));
        return Arbitraries.oneOf(random, damaged);
    }

    @Property(tries = 500)
    void framesOfAnySplitGiveTheSameMessages(@ForAll @Size(max = 8) List<String> texts,
            @ForAll @IntRange(min = 1, max = 17) int chunk) throws FrameException {
        List<byte[]> frames = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (String t : texts) {
            frames.add(ClientFrames.text(t));
            expected.add("text:" + t);
        }
        byte[] input = ClientFrames.concat(frames.toArray(new byte[0][]));
        FrameParser parser = new FrameParser(Integer.MAX_VALUE);
        RecordingSink sink = new RecordingSink();
        for (int i = 0; i < input.length; i += chunk) {
            parser.feed(input, i, Math.min(chunk, input.length - i), sink);
        }
        assertThat(sink.events).isEqualTo(expected);
    }
}
