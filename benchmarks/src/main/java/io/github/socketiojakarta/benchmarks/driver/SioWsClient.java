package io.github.socketiojakarta.benchmarks.driver;

/** A Socket.IO client over WebSocket only ({@code transport=websocket}, no polling first). */
final class SioWsClient extends Client {
    private final Ws ws;

    SioWsClient(int index, Listener listener, Target target) {
        super(index, listener);
        this.ws = new Ws(target, index);
    }

    @Override
    void start() {
        ws.open();
    }

    @Override
    void emit(long ackId, String event, String argJson) {
        ws.sendText(ascii(sioEvent(ackId, event, argJson)));
    }

    @Override
    void close() {
        closed = true;
        ws.closeNormally();
    }

    private final class Ws extends WsConnection {
        Ws(Target t, int index) {
            super(t.loop(), t.remote(), t.local(index), t.host(),
                    t.path() + "?EIO=4&transport=websocket", index * 0x9E3779B9);
        }

        @Override
        void onOpen() {
            // the server speaks first: the open packet
        }

        @Override
        void onText(byte[] b, int off, int len) {
            onEnginePacket(b, off, len, s -> sendText(ascii(s)));
        }

        @Override
        void onClosed(String why) {
            closed(why);
        }
    }
}
