package io.github.socketiojakarta.engine;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Random session ids: 20 URL-safe characters (120 random bits), drawn from one shared
 * {@link SecureRandom} 64 ids at a time (one call to the generator, and its lock, per 64 ids).
 *
 * <p>Thread-safe.
 */
final class SessionIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final int ID_BYTES = 15;
    /** Random bytes for the next ids; guarded by itself. */
    private static final byte[] POOL = new byte[ID_BYTES * 64];
    /** The next unused byte of {@link #POOL}; guarded by {@link #POOL}. */
    private static int next = POOL.length;

    private SessionIds() {}

    /** A fresh random id. */
    static String next() {
        byte[] bytes = new byte[ID_BYTES];
        synchronized (POOL) {
            if (next == POOL.length) {
                RANDOM.nextBytes(POOL);
                next = 0;
            }
            System.arraycopy(POOL, next, bytes, 0, ID_BYTES);
            // the bytes of an id handed out do not stay in the pool
            Arrays.fill(POOL, next, next + ID_BYTES, (byte) 0);
            next += ID_BYTES;
        }
        return ENCODER.encodeToString(bytes);
    }
}
