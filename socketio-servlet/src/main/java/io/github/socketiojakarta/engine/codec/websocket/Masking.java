package io.github.socketiojakarta.engine.codec.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The XOR masking of RFC 6455 section 5.3, applied eight bytes at a time: the 32-bit key is
 * repeated into a 64-bit word, rotated to where the payload part starts, and XORed with whole
 * words of the payload; only the last up to seven bytes are done one by one.
 *
 * <p>Thread-safe (stateless).
 */
public final class Masking {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Masking() {}

    /**
     * XORs {@code data[off, off + len)} in place with the masking key.
     *
     * @param key the four key bytes, the first in the highest byte
     * @param phase the payload offset (mod 4) of {@code data[off]}: which key byte applies to it
     */
    public static void unmask(byte[] data, int off, int len, int key, int phase) {
        int k = Integer.rotateLeft(key, 8 * (phase & 3));
        long word = (k & 0xFFFFFFFFL) << 32 | (k & 0xFFFFFFFFL);
        int i = off;
        int end = off + len;
        for (int last = end - 8; i <= last; i += 8) {
            LONGS.set(data, i, (long) LONGS.get(data, i) ^ word);
        }
        // i - off is a multiple of 8, so the key's phase is unchanged here
        for (int shift = 24; i < end; i++, shift -= 8) {
            data[i] ^= (byte) (k >>> shift);
        }
    }

    /** The byte-by-byte form of {@link #unmask}, as the RFC writes it (a test reference). */
    public static void unmaskBytewise(byte[] data, int off, int len, int key, int phase) {
        for (int j = 0; j < len; j++) {
            int keyIndex = (phase + j) & 3;
            data[off + j] ^= (byte) (key >>> (24 - 8 * keyIndex));
        }
    }
}
