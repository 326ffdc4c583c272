package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.engine.transport.PollExchange;
import io.github.socketiojakarta.engine.transport.WebSocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-session state of one transport. All fields are guarded by the owning session's lock;
 * the I/O methods are called after that lock is released.
 */
sealed interface Transport permits Transport.Polling, Transport.WebSocket {

    TransportType type();

    /** Long-polling: at most one pending GET and one POST in flight. */
    final class Polling implements Transport {
        PollExchange pendingGet;
        boolean postInFlight;

        @Override
        public TransportType type() {
            return TransportType.POLLING;
        }
    }

    /** A WebSocket with at most one send in flight. */
    final class WebSocket implements Transport {
        final WebSocketChannel channel;
        boolean writing;
        boolean probed;
        boolean closeWhenDrained;
        int closeCode = 1000;

        WebSocket(WebSocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public TransportType type() {
            return TransportType.WEBSOCKET;
        }

        /**
         * Sends the packets in order, one frame each, then reports to the session. Runs the
         * sends as a loop while they complete synchronously and continues from the completion
         * otherwise, so a long batch never deepens the stack. Several packets go out as one
         * batch of the channel when it can hold frames back ({@link WebSocketChannel#batching}).
         */
        void write(List<EnginePacket> batch, EngineSession session) {
            Writer writer = new Writer(batch, session);
            if (batch.size() > 1 && channel.batching()) {
                writer.batched = true;
                channel.beginBatch();
            }
            writer.next();
        }

        private final class Writer implements WebSocketChannel.Completion {
            private final List<EnginePacket> batch;
            private final EngineSession session;
            private final AtomicBoolean handoff = new AtomicBoolean();
            private int index;
            private boolean batched;

            Writer(List<EnginePacket> batch, EngineSession session) {
                this.batch = batch;
                this.session = session;
            }

            void next() {
                while (true) {
                    handoff.set(false);
                    if (index < batch.size()) {
                        EnginePacket p = batch.get(index++);
                        if (p instanceof EnginePacket.BinaryMessage b) {
                            channel.sendBinary(b.data(), this);
                        } else if (p instanceof EnginePacket.TextMessage m
                                && channel.sendsUtf8()) {
                            channel.sendUtf8Text(m.wireUtf8(), this);
                        } else {
                            channel.sendText(EngineCodec.encodeText(p), this);
                        }
                    } else if (batched) {
                        batched = false;
                        channel.flushBatch(this);
                    } else {
                        session.onWriteDone(WebSocket.this);
                        return;
                    }
                    if (handoff.compareAndSet(false, true)) {
                        return; // not complete yet: the completion continues
                    }
                }
            }

            @Override
            public void done(Throwable error) {
                if (error != null) {
                    session.onTransportError(WebSocket.this, error);
                    return;
                }
                if (handoff.compareAndSet(false, true)) {
                    return; // the sending thread is still in next() and will continue
                }
                next();
            }
        }
    }
}
