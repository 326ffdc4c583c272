package io.github.socketiojakarta.benchmarks.driver;

import java.util.Arrays;

/** Latency samples, kept whole and sorted once for exact percentiles. Not thread-safe. */
final class Samples {
    private int[] values = new int[1 << 16];
    private int size;
    private boolean sorted;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, value));
        sorted = false;
    }

    int size() {
        return size;
    }

    /** The value at quantile {@code q} (0..1, nearest rank), or -1 without samples. */
    long quantile(double q) {
        if (size == 0) {
            return -1;
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(q * size);
        return values[Math.max(0, Math.min(size - 1, rank - 1))];
    }

    long max() {
        return quantile(1.0);
    }
}
