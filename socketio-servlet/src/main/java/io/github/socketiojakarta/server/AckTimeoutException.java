package io.github.socketiojakarta.server;

import java.util.List;

/**
 * An emit with ack did not get every expected answer in time. For broadcasts, the answers that
 * did arrive are attached.
 */
public final class AckTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<Arguments> partial;

    AckTimeoutException(String message, List<Arguments> partial) {
        super(message, null, false, false);
        this.partial = List.copyOf(partial);
    }

    /** The answers received before the timeout. */
    public List<Arguments> responses() {
        return partial;
    }
}
