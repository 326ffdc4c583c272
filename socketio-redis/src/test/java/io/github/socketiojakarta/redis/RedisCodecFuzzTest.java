package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Round trips of the codecs over generated values, and malformed input: whatever the bytes, the
 * decoders either return a value or throw {@link MessageCodecException}, nothing else.
 */
class RedisCodecFuzzTest {

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().filter(d -> Math.floor(d) != d).map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(300).map(s -> (Object) s),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(b -> (Object) b));
        return Arbitraries.recursive(() -> leaf, this::container, 0, 3);
    }

    private Arbitrary<Object> container(Arbitrary<Object> inner) {
        return Arbitraries.oneOf(
                inner.list().ofMaxSize(8).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(10), inner).ofMaxSize(8)
                        .map(m -> (Object) new LinkedHashMap<>(m)));
    }

    @Property(tries = 300)
    void notepackRoundTripsPlainValues(@ForAll("values") Object value) throws Exception {
        assertThat(normalize(Notepack.decode(Notepack.encode(value)))).isEqualTo(normalize(value));
    }

    @Property(tries = 200)
    void broadcastsRoundTrip(@ForAll("values") Object arg,
            @ForAll("rooms") Set<String> rooms, @ForAll("rooms") Set<String> except,
            @ForAll boolean isVolatile, @ForAll boolean compress) throws Exception {
        List<Object> data = Arrays.asList("ev", arg);
        ClassicMessages.Broadcast b = new ClassicMessages.Broadcast("uid1", "/x", data,
                new BroadcastOptions(rooms, except, isVolatile, false, compress, -1));
        ClassicMessages.Broadcast back =
                ClassicMessages.decodeBroadcast(ClassicMessages.encodeBroadcast(b));
        assertThat(back.uid()).isEqualTo("uid1");
        assertThat(back.namespace()).isEqualTo("/x");
        assertThat(normalize(back.data())).isEqualTo(normalize(data));
        assertThat(back.options()).isEqualTo(b.options());
    }

    @Provide
    Arbitrary<Set<String>> rooms() {
        return Arbitraries.strings().ofMaxLength(25).set().ofMaxSize(4);
    }

    @Property(tries = 1000)
    void arbitraryBytesGiveAValueOrATypedException(@ForAll byte[] bytes) {
        decodeAll(bytes);
    }

    @Property(tries = 1000)
    void mutatedMessagesGiveAValueOrATypedException(@ForAll("values") Object value,
            @ForAll int position, @ForAll byte replacement, @ForAll boolean cut) {
        byte[] bytes = ClassicMessages.encodeBroadcast(new ClassicMessages.Broadcast("u", "/",
                Arrays.asList("ev", value), BroadcastOptions.ALL));
        int at = Math.floorMod(position, bytes.length);
        if (cut) {
            bytes = Arrays.copyOf(bytes, at);
        } else {
            bytes[at] = replacement;
        }
        decodeAll(bytes);
    }

    @Property(tries = 1000)
    void jsonLikeMessagesGiveAValueOrATypedException(
            @ForAll("jsonish") String text) {
        decodeAll(("{" + text).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.strings().withChars("{}[]\":,0123456789.eE+-truefalsn \\u").ofMaxLength(60);
    }

    private static void decodeAll(byte[] bytes) {
        try {
            Notepack.decode(bytes);
        } catch (MessageCodecException expected) {
            // typed: fine
        }
        try {
            ClassicMessages.decodeBroadcast(bytes);
        } catch (MessageCodecException expected) {
            // typed: fine
        }
        try {
            ClassicMessages.decodeMessage(bytes);
        } catch (MessageCodecException expected) {
            // typed: fine
        }
    }

    /** byte[] compares by identity: lists of ints make equal binaries equal; ints as Long. */
    private static Object normalize(Object v) {
        if (v instanceof byte[] b) {
            List<Integer> out = new ArrayList<>();
            for (byte x : b) {
                out.add((int) x);
            }
            return Map.of("bin", out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, normalize(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(normalize(x)));
            return out;
        }
        if (v instanceof Integer i) {
            return (long) i;
        }
        return v;
    }
}
