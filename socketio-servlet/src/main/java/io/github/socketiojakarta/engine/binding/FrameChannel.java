package io.github.socketiojakarta.engine.binding;

import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link WebSocketChannel} that writes a batch frame by frame, each send started when the
 * previous one completed: what a plain JSR-356 {@code RemoteEndpoint.Async} allows (one send in
 * flight). The sends run as a loop while they complete synchronously and continue from the
 * completion otherwise, so a long batch never deepens the stack.
 *
 * <p>Subclasses provide the two frame sends; they must never throw, and call their completion
 * exactly once, on this thread or another. Threading as {@link WebSocketChannel}: one batch at a
 * time.
 */
public abstract class FrameChannel implements WebSocketChannel {

    /** Sends one text frame; calls {@code completion} once when done. */
    protected abstract void sendText(String text, Completion completion);

    /** Sends one binary frame; calls {@code completion} once when done. */
    protected abstract void sendBinary(byte[] data, Completion completion);

    /**
     * Sends one text message as a text frame. The default encodes it to a string; a channel that
     * can send the packet's cached UTF-8 wire form ({@link EnginePacket.TextMessage#wireUtf8()})
     * overrides this so that a packet shared by many connections is encoded once.
     */
    protected void sendMessage(EnginePacket.TextMessage message, Completion completion) {
        sendText(EngineCodec.encodeText(message), completion);
    }

    @Override
    public void send(List<EnginePacket> batch, Completion completion) {
        sendFrames(batch, completion);
    }

    /**
     * Sends the packets one frame each, in order, then calls {@code completion} once (at the
     * first failure, with it, and nothing more is sent).
     */
    protected final void sendFrames(List<EnginePacket> batch, Completion completion) {
        new Frames(batch, completion).next();
    }

    /** One batch in progress: the index of the next frame, and who continues after a send. */
    private final class Frames implements Completion {
        private final List<EnginePacket> batch;
        private final Completion completion;
        /** Set by whichever of the sending thread and the completion comes second. */
        private final AtomicBoolean handoff = new AtomicBoolean();
        private int index;

        Frames(List<EnginePacket> batch, Completion completion) {
            this.batch = batch;
            this.completion = completion;
        }

        void next() {
            while (true) {
                if (index == batch.size()) {
                    completion.done(null);
                    return;
                }
                handoff.set(false);
                EnginePacket p = batch.get(index++);
                if (p instanceof EnginePacket.BinaryMessage b) {
                    sendBinary(b.data(), this);
                } else if (p instanceof EnginePacket.TextMessage m) {
                    sendMessage(m, this);
                } else {
                    sendText(EngineCodec.encodeText(p), this);
                }
                if (handoff.compareAndSet(false, true)) {
                    return; // not complete yet: the completion continues
                }
            }
        }

        @Override
        public void done(Throwable error) {
            if (error != null) {
                completion.done(error);
                return;
            }
            if (handoff.compareAndSet(false, true)) {
                return; // the sending thread is still in next() and will continue
            }
            next();
        }
    }
}
