package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.protocol.DecoderLimits;
import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.protocol.SocketDecoder;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever the bytes, the msgpack decoder returns a packet or throws a {@link ParseException},
 * nothing else: random bytes, and valid packets (encoded by the server's own encoder) with
 * bytes flipped, cut or inserted. Valid packets of generated values round-trip.
 */
class MsgpackDecoderFuzzTest {
    private final MsgpackParser parser = new MsgpackParser();

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().filter(d -> Math.rint(d) != d).map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(100).map(s -> (Object) s),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(b -> (Object) b));
        return Arbitraries.recursive(() -> leaf, inner -> Arbitraries.oneOf(
                inner.list().ofMaxSize(6).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(8), inner).ofMaxSize(6)
                        .map(m -> (Object) new LinkedHashMap<>(m))), 0, 4);
    }

    private byte[] encode(Object value, long ackId) {
        SocketPacket.Event event = new SocketPacket.Event("/fuzz", Arrays.asList("ev", value),
                ackId);
        return (byte[]) parser.encode(event, null).messages().get(0);
    }

    private static void decodeOrTypedError(SocketDecoder decoder, byte[] input) {
        try {
            decoder.decodeBinary(input);
        } catch (ParseException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getStackTrace()).isEmpty();
        }
    }

    @Property(tries = 1000)
    void randomBytesGetOnlyTypedErrors(@ForAll @Size(max = 300) byte[] input) {
        decodeOrTypedError(parser.newDecoder(DecoderLimits.DEFAULT), input);
    }

    @Property(tries = 1000)
    void mutatedPacketsGetOnlyTypedErrors(@ForAll("values") Object value,
            @ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll byte replacement,
            @ForAll @IntRange(min = 0, max = 2) int how) {
        byte[] valid = encode(value, 3);
        int i = at % valid.length;
        byte[] mutated;
        if (how == 0) {
            mutated = valid.clone();
            mutated[i] = replacement;
        } else if (how == 1) {
            mutated = Arrays.copyOf(valid, i);
        } else {
            mutated = new byte[valid.length + 1];
            System.arraycopy(valid, 0, mutated, 0, i);
            mutated[i] = replacement;
            System.arraycopy(valid, i, mutated, i + 1, valid.length - i);
        }
        decodeOrTypedError(parser.newDecoder(DecoderLimits.DEFAULT), mutated);
    }

    @Property(tries = 300)
    void validPacketsRoundTrip(@ForAll("values") Object value,
            @ForAll @IntRange(min = 0, max = 1000) int ackId) throws ParseException {
        SocketPacket.Event back = (SocketPacket.Event) parser.newDecoder(DecoderLimits.DEFAULT)
                .decodeBinary(encode(value, ackId));
        assertThat(back.namespace()).isEqualTo("/fuzz");
        assertThat(back.ackId()).isEqualTo(ackId);
        assertThat(normalize(back.args())).isEqualTo(normalize(Arrays.asList("ev", value)));
    }

    private static Object normalize(Object value) {
        if (value instanceof byte[] b) {
            List<Byte> out = new ArrayList<>();
            for (byte x : b) {
                out.add(x);
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normalize(v)));
            return out;
        }
        if (value instanceof java.util.Map<?, ?> map) {
            java.util.Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, normalize(v)));
            return out;
        }
        return value;
    }
}
