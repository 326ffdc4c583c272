package io.github.socketiojakarta.benchmarks.driver;

/**
 * A client of the bare JSR-356 endpoint: connected once upgraded; requests are
 * {@code <ackId>["event",arg]}, answers {@code <ackId>[value]}, events {@code ["name",...]}.
 */
final class BareWsClient extends Client {
    private final Ws ws;

    BareWsClient(int index, Listener listener, Target target) {
        super(index, listener);
        this.ws = new Ws(target, index);
    }

    @Override
    void start() {
        ws.open();
    }

    @Override
    void emit(long ackId, String event, String argJson) {
        ws.sendText(ascii(ackId + "[\"" + event + "\"," + argJson + "]"));
    }

    @Override
    void close() {
        closed = true;
        ws.closeNormally();
    }

    private final class Ws extends WsConnection {
        Ws(Target t, int index) {
            super(t.loop(), t.remote(), t.local(index), t.host(), t.path(), index * 0x9E3779B9);
        }

        @Override
        void onOpen() {
            connected();
        }

        @Override
        void onText(byte[] b, int off, int len) {
            if (len == 0) {
                closed("empty message");
            } else if (b[off] == '[') {
                listener.onEvent(BareWsClient.this, b, off, len);
            } else {
                int p = off;
                int end = off + len;
                long id = 0;
                while (p < end && b[p] >= '0' && b[p] <= '9') {
                    id = id * 10 + (b[p++] - '0');
                }
                listener.onAck(BareWsClient.this, id, b, p, end - p);
            }
        }

        @Override
        void onClosed(String why) {
            closed(why);
        }
    }
}
