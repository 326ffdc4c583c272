package io.github.socketiojakarta.engine.codec.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
 * with an ASCII fast path eight bytes at a time. Thread-safe (stateless).
 */
public final class Utf8 {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {}

    /** Whether {@code b[off, off + len)} is well-formed UTF-8. */
    public static boolean isValid(byte[] b, int off, int len) {
        return scan(b, off, len) == off + len;
    }

    /**
     * How much of {@code b[off, off + len)} is whole well-formed characters when the bytes
     * may continue later (a text message's fragment): the length of the longest prefix of whole
     * characters, provided what follows it is a character cut short that its next bytes may
     * still complete; -1 when the bytes cannot begin well-formed UTF-8 whatever follows.
     */
    public static int wholePrefix(byte[] b, int off, int len) {
        int at = scan(b, off, len);
        return at < 0 ? -1 : at - off;
    }

    /**
     * The end of the whole characters of {@code b[off, off + len)}: {@code off + len} when all
     * of it is well-formed, the start of a last character cut short (every byte of it so far
     * right), or -1 when a byte is wrong.
     */
    private static int scan(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (i + 8 <= end && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                if (c == 0xE0) {
                    lo = 0xA0; // overlong below U+0800
                } else if (c == 0xED) {
                    hi = 0x9F; // surrogates
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                if (c == 0xF0) {
                    lo = 0x90; // overlong below U+10000
                } else if (c == 0xF4) {
                    hi = 0x8F; // above U+10FFFF
                }
            } else {
                return -1; // a continuation byte, C0/C1 (overlong) or F5..FF
            }
            int have = Math.min(need, end - i - 1); // the bytes after the lead byte present
            if (have >= 1) {
                int second = b[i + 1] & 0xFF;
                if (second < lo || second > hi) {
                    return -1;
                }
            }
            for (int j = 2; j <= have; j++) {
                if ((b[i + j] & 0xC0) != 0x80) {
                    return -1;
                }
            }
            if (have < need) {
                return i; // cut short, right so far
            }
            i += need + 1;
        }
        return end;
    }
}
