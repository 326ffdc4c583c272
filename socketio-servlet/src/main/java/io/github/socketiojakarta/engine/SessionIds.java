package io.github.socketiojakarta.engine;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Random session ids: 20 URL-safe characters (120 random bits), drawn 4 kB at a time (273 ids)
 * from the operating system's random source.
 *
 * <p>Where {@code /dev/urandom} can be read (Linux, macOS), the pool is filled from it directly:
 * the kernel's CSPRNG, what Node.js's {@code crypto.randomBytes} and the JDK's default
 * {@link SecureRandom} ({@code NativePRNG}) read too; the JDK's generator also mixes every
 * byte through a SHA-1 based generator of its own, work the kernel's output does not need.
 * Elsewhere, or when the read fails, the pool comes from {@link SecureRandom}.
 *
 * <p>Thread-safe.
 */
final class SessionIds {
    private static final Logger LOG = System.getLogger(SessionIds.class.getName());
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final int ID_BYTES = 15;
    /** Random bytes for the next ids; guarded by itself. */
    private static final byte[] POOL = new byte[ID_BYTES * 273];
    /** The next unused byte of {@link #POOL}; guarded by {@link #POOL}. */
    private static int next = POOL.length;
    /** {@code /dev/urandom}, or {@code null} to use {@link #fallback}; guarded by {@link #POOL}. */
    private static InputStream urandom = open();
    /** Made on first need only; guarded by {@link #POOL}. */
    private static SecureRandom fallback;

    private SessionIds() {}

    /** A fresh random id. */
    static String next() {
        byte[] bytes = new byte[ID_BYTES];
        synchronized (POOL) {
            if (next == POOL.length) {
                fill();
                next = 0;
            }
            System.arraycopy(POOL, next, bytes, 0, ID_BYTES);
            // the bytes of an id handed out do not stay in the pool
            Arrays.fill(POOL, next, next + ID_BYTES, (byte) 0);
            next += ID_BYTES;
        }
        return ENCODER.encodeToString(bytes);
    }

    /** Whether the pool is filled from {@code /dev/urandom} (for tests). */
    static boolean fromOperatingSystem() {
        synchronized (POOL) {
            return urandom != null;
        }
    }

    private static void fill() {
        if (urandom != null) {
            try {
                int n = 0;
                while (n < POOL.length) {
                    int r = urandom.read(POOL, n, POOL.length - n);
                    if (r < 0) {
                        throw new IOException("end of /dev/urandom");
                    }
                    n += r;
                }
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "reading /dev/urandom failed; session ids now come"
                        + " from SecureRandom", e);
                try {
                    urandom.close();
                } catch (IOException ignored) {
                    // already failing
                }
                urandom = null;
            }
        }
        if (fallback == null) {
            fallback = new SecureRandom();
        }
        fallback.nextBytes(POOL);
    }

    private static InputStream open() {
        try {
            return new FileInputStream("/dev/urandom");
        } catch (IOException | SecurityException e) {
            return null; // not there (Windows) or not allowed: SecureRandom
        }
    }
}
