package io.github.socketiojakarta.redis;

import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A server-side event with acks did not get an answer from every node counted when it was sent
 * (a node left or is silent): the Node.js adapter's {@code "timeout reached: only X responses
 * received out of Y"}, carrying the answers that did arrive, as Node.js hands them to the ack
 * callback with the error. Immutable.
 */
public final class ServerSideEmitTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    private final transient List<List<Object>> responses;

    ServerSideEmitTimeoutException(int received, int expected, List<List<Object>> responses) {
        super("timeout reached: only " + received + " responses received out of " + expected);
        this.responses = List.copyOf(responses);
    }

    /** The answers received before the timeout, one per node (its first ack argument). */
    public List<List<Object>> responses() {
        return responses;
    }
}
