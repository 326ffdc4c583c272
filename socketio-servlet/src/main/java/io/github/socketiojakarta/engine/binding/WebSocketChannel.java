package io.github.socketiojakarta.engine.binding;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.util.List;

/**
 * One WebSocket connection, as a container binding provides it to the engine. The engine hands
 * it whole batches: the packets a session has queued, to be written in order, one frame each,
 * with one completion for the batch. How the frames reach the wire (one by one, or held back
 * and flushed together) is the channel's business; {@link FrameChannel} sends them one by one.
 *
 * <p>Threading: the engine is the single writer of a channel: it never calls {@link #send}
 * again before the previous batch's completion ran, and it may call {@link #close} and
 * {@link #abort} from any thread at any time. Implementations never throw from these methods;
 * failures are reported through the completion, which may run on the calling thread (before
 * {@code send} returns) or on another thread, exactly once per batch.
 */
public interface WebSocketChannel {

    /**
     * Writes the packets in order, one WebSocket frame each (text packets as text frames, binary
     * messages as binary frames), then calls {@code completion} once.
     *
     * @param batch at least one packet; the channel may keep the list until it completes, the
     *     engine does not touch it any more
     * @param completion told once when the whole batch is written, or why it failed
     */
    void send(List<EnginePacket> batch, Completion completion);

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
     * Whether the container delivers this connection's messages on a worker thread that may
     * run application code, even block (as Tomcat does), rather than on a selector thread that
     * serves many connections: then the engine may run a message's callback on it
     * ({@link io.github.socketiojakarta.engine.CallbackDispatch#READING_THREAD_WHEN_IDLE}).
     * False by default: callbacks go to the engine's pool.
     */
    default boolean readsOnWorkerThread() {
        return false;
    }

    /** The end of one batch (or, inside {@link FrameChannel}, of one frame). */
    @FunctionalInterface
    interface Completion {
        /**
         * @param error {@code null} on success, else why the send failed
         */
        void done(Throwable error);
    }
}
