package io.github.socketiojakarta.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the Engine.IO v3 codec over generated inputs. */
class Eio3CodecPropertiesTest {

    @Property(tries = 1000)
    void textPayloadsSurviveEncodeThenDecode(@ForAll("packetLists") List<EnginePacket> packets)
            throws EngineParseException {
        String payload = Eio3Codec.encodePayload(packets);

        assertThat(Eio3Codec.decodePayload(payload, packets.size())).isEqualTo(packets);
    }

    @Property(tries = 1000)
    void binaryPayloadsSurviveEncodeThenDecode(
            @ForAll("packetLists") List<EnginePacket> packets) throws EngineParseException {
        byte[] payload = Eio3Codec.encodeBinaryPayload(packets);

        assertThat(Eio3Codec.decodeBinaryPayload(payload, payload.length, packets.size()))
                .isEqualTo(packets);
    }

    @Property(tries = 1000)
    void eachLengthIsTheJavaScriptLengthOfItsPacket(@ForAll("text") String text) {
        String packet = "4" + text;

        assertThat(Eio3Codec.encodePayload(List.of(EnginePacket.message(text))))
                .isEqualTo(packet.length() + ":" + packet);
    }

    @Property(tries = 3000)
    void badTextPayloadsFailOnlyWithParseException(@ForAll("wireLike") String payload) {
        try {
            assertThat(Eio3Codec.decodePayload(payload, 16)).hasSizeLessThanOrEqualTo(16);
        } catch (EngineParseException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 3000)
    void badBinaryPayloadsFailOnlyWithParseException(@ForAll("binaryLike") byte[] body) {
        try {
            assertThat(Eio3Codec.decodeBinaryPayload(body, body.length, 16))
                    .hasSizeLessThanOrEqualTo(16);
        } catch (EngineParseException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 1000)
    void truncatedBinaryPayloadsAreParseErrors(
            @ForAll("packetLists") List<EnginePacket> packets, @ForAll("cut") int cut) {
        byte[] payload = Eio3Codec.encodeBinaryPayload(packets);
        int size = Math.max(0, payload.length - 1 - (cut % payload.length));
        boolean atPacketEnd = false;
        try {
            Eio3Codec.decodeBinaryPayload(payload, size, packets.size());
            atPacketEnd = true; // a cut between two packets is a shorter valid payload
        } catch (EngineParseException expected) {
            // cut inside a packet
        }
        if (atPacketEnd) {
            assertThat(size).isPositive();
        }
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ascii().ofMaxLength(30),
                Arbitraries.strings().withCharRange('\u0080', '\ud7ff').ofMaxLength(10),
                Arbitraries.of("\uD83D\uDE00", "\u20ac\uD83D\uDE00x", "", ":", "12:", "b4"));
    }

    @Provide
    Arbitrary<List<EnginePacket>> packetLists() {
        Arbitrary<EnginePacket> texts = text().map(EnginePacket::message);
        Arbitrary<EnginePacket> binaries = Arbitraries.bytes().array(byte[].class)
                .ofMaxSize(40).map(EnginePacket::binary);
        Arbitrary<EnginePacket> controls = Arbitraries.of(EnginePacket.PING, EnginePacket.PONG,
                EnginePacket.NOOP, EnginePacket.CLOSE, EnginePacket.UPGRADE,
                EnginePacket.PONG_PROBE);
        return Arbitraries.oneOf(texts, binaries, controls).list().ofMinSize(1).ofMaxSize(6);
    }

    /** Strings biased towards the v3 wire format: digits, ':', 'b', base64, anything. */
    @Provide
    Arbitrary<String> wireLike() {
        Arbitrary<String> structured = Arbitraries.strings()
                .withChars("0123456789:b4=+/AZaz\u0000")
                .withCharRange('\u0000', '\uffff')
                .ofMaxLength(40);
        Arbitrary<String> framed = Arbitraries.integers().between(0, 12).flatMap(n ->
                Arbitraries.strings().withChars("0123456789:b4AQ=").ofMaxLength(14)
                        .map(s -> n + ":" + s));
        return Arbitraries.oneOf(structured, framed);
    }

    /** Bytes biased towards the v3 binary framing: flags 0/1, digits 0-9, 0xFF, anything. */
    @Provide
    Arbitrary<byte[]> binaryLike() {
        Arbitrary<Byte> biased = Arbitraries.oneOf(
                Arbitraries.of((byte) 0, (byte) 1, (byte) 2, (byte) 9, (byte) 0xFF, (byte) 4,
                        (byte) '4'),
                Arbitraries.bytes());
        return biased.list().ofMaxSize(40).map(list -> {
            byte[] b = new byte[list.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = list.get(i);
            }
            return b;
        });
    }
}
