package io.github.socketiojakarta.engine.transport;

/**
 * One WebSocket connection, as the container binding provides it to the engine. The engine is
 * its single writer: it never starts a send before the previous one has completed.
 *
 * <p>Implementations must never throw from the send methods; failures are reported through the
 * completion. The completion may run on the calling thread (before the send method returns) or
 * on another thread.
 */
public interface WebSocketChannel {

    /** Sends a text frame; calls {@code completion} once when done. */
    void sendText(String text, Completion completion);

    /**
     * Whether this channel sends text frames from bytes already UTF-8 encoded
     * ({@link #sendUtf8Text}), so that a packet shared by many connections is encoded once.
     * The default is {@code false}.
     */
    default boolean sendsUtf8() {
        return false;
    }

    /**
     * Sends a text frame whose payload is {@code utf8} (valid UTF-8, never modified: it may be
     * shared by many connections); calls {@code completion} once when done. Only called when
     * {@link #sendsUtf8()} is true; the default decodes it and calls {@link #sendText}.
     */
    default void sendUtf8Text(byte[] utf8, Completion completion) {
        sendText(new String(utf8, java.nio.charset.StandardCharsets.UTF_8), completion);
    }

    /** Sends a binary frame; calls {@code completion} once when done. */
    void sendBinary(byte[] data, Completion completion);

    /** Closes the connection with a WebSocket close code and reason. Idempotent. */
    void close(int code, String reason);

    /**
     * Closes the connection while a send may still be in progress because the peer does not
     * read: must not wait for that send (the close frame may be skipped, the connection
     * dropped). The default is {@link #close}, for containers whose close never blocks.
     */
    default void abort(int code, String reason) {
        close(code, reason);
    }

    /**
     * Whether this channel can hold frames back and write them together: then a batch of
     * packets is sent between {@link #beginBatch()} and {@link #flushBatch(Completion)}, and the
     * sends in between may complete at once without writing. The default is {@code false}.
     */
    default boolean batching() {
        return false;
    }

    /** Starts holding frames back; only called when {@link #batching()} is true. */
    default void beginBatch() {}

    /**
     * Writes the frames held back since {@link #beginBatch()} and stops holding them; calls
     * {@code completion} once they are written. Must not block on a peer that does not read.
     */
    default void flushBatch(Completion completion) {
        completion.done(null);
    }

    /** The end of one send. */
    @FunctionalInterface
    interface Completion {
        /**
         * @param error {@code null} on success, else why the send failed
         */
        void done(Throwable error);
    }
}
