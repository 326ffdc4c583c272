package io.github.socketiojakarta.protocol;

/**
 * Bounds applied by {@link Json#parse} to untrusted JSON text.
 *
 * <p>The depth bound keeps a hostile {@code [[[[...]]]]} from exhausting the stack: the parser is
 * recursive, so {@code maxDepth} is capped at {@link #MAX_SUPPORTED_DEPTH}. The length bound is
 * counted in UTF-16 chars of the JSON text; the default does not limit it because the transport
 * already limits the size of a packet ({@code maxHttpBufferSize}).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param maxDepth maximum nesting of arrays and objects; {@code 1} allows {@code [1]} but not
 *     {@code [[1]]}; scalars have depth 0; between 1 and {@link #MAX_SUPPORTED_DEPTH}
 * @param maxLength maximum length of the JSON text in chars; not negative
 */
public record JsonLimits(int maxDepth, int maxLength) {

    /** The highest {@code maxDepth} accepted, to keep recursion far from stack limits. */
    public static final int MAX_SUPPORTED_DEPTH = 512;

    /**
     * Depth 64 (far beyond what applications send, small enough to parse on any thread's stack),
     * length unlimited (the transport limits it).
     */
    public static final JsonLimits DEFAULT = new JsonLimits(64, Integer.MAX_VALUE);

    /** Validates the bounds. */
    public JsonLimits {
        if (maxDepth < 1 || maxDepth > MAX_SUPPORTED_DEPTH) {
            throw new IllegalArgumentException(
                    "maxDepth must be in [1, " + MAX_SUPPORTED_DEPTH + "]: " + maxDepth);
        }
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must not be negative: " + maxLength);
        }
    }
}
