package io.github.socketiojakarta.benchmarks.server;

import java.util.Map;

/**
 * The load-test contract every bench server implements on namespace {@code /} (see
 * {@code benchmarks/README.md}): {@code bench:echo} acks its single argument;
 * {@code bench:broadcast {"count":M,"size":S}} emits {@code bench:msg
 * {"t":<ms at emit>,"i":<0..M-1>,"pad":"<S x>"}} M times to every socket, then acks
 * {@code {"count":M,"size":S,"clients":<sockets>}}. The bounds live here. Stateless.
 */
public final class BenchContract {
    /** The echo event. */
    public static final String ECHO = "bench:echo";
    /** The broadcast request event. */
    public static final String BROADCAST = "bench:broadcast";
    /** The broadcast message event. */
    public static final String MESSAGE = "bench:msg";
    /** The largest message count of one broadcast request. */
    public static final int MAX_COUNT = 100_000;
    /** The largest pad of one broadcast message. */
    public static final int MAX_SIZE = 1_048_576;

    private BenchContract() {}

    /** M of a request: its {@code count}, clamped to 1..100000 (1 when absent or not a number). */
    public static int count(Object request) {
        return (int) clamp(number(request, "count", 1), 1, MAX_COUNT);
    }

    /** S of a request: its {@code size}, clamped to 0..1048576 (0 when absent or not a number). */
    public static int size(Object request) {
        return (int) clamp(number(request, "size", 0), 0, MAX_SIZE);
    }

    /** The pad of a message: {@code size} times {@code x}. */
    public static String pad(int size) {
        return "x".repeat(size);
    }

    private static double number(Object request, String key, double fallback) {
        if (request instanceof Map<?, ?> map && map.get(key) instanceof Number n) {
            double d = n.doubleValue();
            return Double.isNaN(d) ? fallback : d;
        }
        return fallback;
    }

    private static long clamp(double v, long min, long max) {
        return (long) Math.max(min, Math.min(max, Math.floor(v)));
    }
}
