package io.github.socketiojakarta.engine.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Properties of the Engine.IO codec over generated inputs. */
class EngineCodecPropertiesTest {

    @Property(tries = 2000)
    void decodeTextFailsOnlyWithParseException(@ForAll("wireLike") String text) {
        try {
            EnginePacket p = EngineCodec.decodeText(text);
            assertThat(p).isNotNull();
        } catch (EngineParseException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 2000)
    void decodePayloadFailsOnlyWithParseException(@ForAll("wireLike") String payload) {
        try {
            List<EnginePacket> packets = EngineCodec.decodePayload(payload, 16);
            assertThat(packets).isNotEmpty().hasSizeLessThanOrEqualTo(16);
        } catch (EngineParseException expected) {
            // the only failure allowed
        }
    }

    @Property(tries = 1000)
    void anyPacketSurvivesEncodeThenDecode(@ForAll("packets") EnginePacket packet)
            throws EngineParseException {
        assertThat(EngineCodec.decodeText(EngineCodec.encodeText(packet))).isEqualTo(packet);
    }

    @Property(tries = 1000)
    void payloadsSurviveEncodeThenDecode(@ForAll("packetLists") List<EnginePacket> packets)
            throws EngineParseException {
        String payload = EngineCodec.encodePayload(packets);

        assertThat(EngineCodec.decodePayload(payload, packets.size())).isEqualTo(packets);
        // the separator count gives the packet count: no record leaks into another
        assertThat(payload.chars().filter(c -> c == EngineCodec.SEPARATOR).count())
                .isEqualTo(packets.size() - 1L);
    }

    @Property(tries = 2000)
    void utf8LengthIsTheLengthOfTheEncodedBytes(@ForAll("anyChars") String text) {
        // unpaired surrogates included: the JDK encodes each as one '?'; any string the engine
        // gets from a container was decoded from UTF-8 and has none
        int expected = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (text.codePoints().noneMatch(c -> c >= 0xD800 && c <= 0xDFFF)) {
            assertThat(EngineCodec.utf8Length(text)).isEqualTo(expected);
        }
    }

    /** Any characters: ASCII, two- and three-byte ones, surrogate pairs, lone surrogates. */
    @Provide
    Arbitrary<String> anyChars() {
        return Arbitraries.oneOf(Arbitraries.strings().ascii(), Arbitraries.strings().all(),
                Arbitraries.strings().withCharRange('\u0080', '\u07ff').ofMaxLength(20),
                Arbitraries.of("\uD83D\uDE00", "\u20ac\uD83D\uDE00x", "\u00e9\u4e16"));
    }

    /**
     * Strings biased towards the wire format: digits, 'b', base64 characters, the separator,
     * and any other character.
     */
    @Provide
    Arbitrary<String> wireLike() {
        Arbitrary<String> structured = Arbitraries.strings()
                .withChars("0123456789b\u001e=+/AZaz\u0000")
                .withCharRange('\u0000', '\uffff')
                .ofMaxLength(40);
        Arbitrary<String> anything = Arbitraries.strings().all().ofMaxLength(60);
        return Arbitraries.oneOf(structured, anything);
    }

    /** Text without the record separator, which the polling payload format cannot carry. */
    private static Arbitrary<String> payloadSafeText() {
        return Arbitraries.strings().all().ofMaxLength(30).filter(s -> s.indexOf('\u001e') < 0);
    }

    @Provide
    Arbitrary<EnginePacket> packets() {
        return packet(Arbitraries.strings().all().ofMaxLength(30));
    }

    @Provide
    Arbitrary<List<EnginePacket>> packetLists() {
        return packet(payloadSafeText()).list().ofMinSize(1).ofMaxSize(8);
    }

    private static Arbitrary<EnginePacket> packet(Arbitrary<String> text) {
        Arbitrary<EnginePacket> messages = text.map(EnginePacket::message);
        Arbitrary<EnginePacket> binaries = Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
                .map(EnginePacket::binary);
        Arbitrary<EnginePacket> controls = Arbitraries.of(PacketType.OPEN, PacketType.CLOSE,
                PacketType.PING, PacketType.PONG, PacketType.UPGRADE, PacketType.NOOP)
                .flatMap(type -> Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.just("probe"), text)
                        .map(data -> new EnginePacket.Control(type, data)));
        return Arbitraries.frequencyOf(
                Tuple.of(4, messages),
                Tuple.of(2, binaries),
                Tuple.of(2, controls));
    }
}
