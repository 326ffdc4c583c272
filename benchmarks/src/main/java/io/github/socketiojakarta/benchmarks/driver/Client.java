package io.github.socketiojakarta.benchmarks.driver;

import java.nio.charset.StandardCharsets;

/**
 * One simulated client of a bench server, whatever its protocol: it connects, emits events with
 * an ack id, and reports connection, events, acks and closing to its {@link Listener}. The
 * scenario's per-client bookkeeping lives in the public fields. Loop thread only.
 */
abstract class Client {
    /** What a scenario hears from its clients, on the loop thread. */
    interface Listener {
        /** The client is connected (Socket.IO: the CONNECT answer to {@code /} arrived). */
        void onConnected(Client c);

        /** An event: the slice is its JSON array, {@code ["name",args...]}. */
        void onEvent(Client c, byte[] b, int off, int len);

        /** An ack: the slice is its JSON array of answers. */
        void onAck(Client c, long id, byte[] b, int off, int len);

        /** The client was closed, by the server or a failure (not by {@link #close}). */
        void onClosed(Client c, String why);
    }

    final int index;
    final Listener listener;
    boolean connected;
    boolean closed;
    /** Heartbeat pings answered. */
    int pings;

    // scenario bookkeeping
    long startedAt;
    long sentAt;
    long seq;
    int nextIndex;
    byte[] expected;

    Client(int index, Listener listener) {
        this.index = index;
        this.listener = listener;
    }

    /** Opens the connection(s). */
    abstract void start();

    /** Emits {@code [event, argJson]} asking for ack {@code ackId}. */
    abstract void emit(long ackId, String event, String argJson);

    /** Closes without reporting. */
    abstract void close();

    final void connected() {
        if (!connected && !closed) {
            connected = true;
            listener.onConnected(this);
        }
    }

    final void closed(String why) {
        if (!closed) {
            closed = true;
            listener.onClosed(this, why);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The Socket.IO text of an event with an ack: {@code 42<id>["event",arg]}. */
    static String sioEvent(long ackId, String event, String argJson) {
        return "42" + ackId + "[\"" + event + "\"," + argJson + "]";
    }

    /**
     * Handles one Engine.IO text packet carrying Socket.IO (either transport).
     *
     * @param reply sends an Engine.IO text packet back
     */
    final void onEnginePacket(byte[] b, int off, int len, java.util.function.Consumer<String> reply) {
        if (len == 0) {
            closed("empty packet");
            return;
        }
        switch (b[off]) {
            case '0' -> reply.accept("40");
            case '2' -> {
                pings++;
                reply.accept("3");
            }
            case '3', '6' -> {
                // pong, noop
            }
            case '1' -> closed("engine.io close packet");
            case '4' -> onSocketPacket(b, off + 1, len - 1);
            default -> closed("unexpected engine.io packet " + (char) b[off]);
        }
    }

    private void onSocketPacket(byte[] b, int off, int len) {
        if (len == 0) {
            closed("empty socket.io packet");
            return;
        }
        switch (b[off]) {
            case '0' -> connected();
            case '2' -> listener.onEvent(this, b, off + 1, len - 1);
            case '3' -> {
                int p = off + 1;
                int end = off + len;
                long id = 0;
                while (p < end && b[p] >= '0' && b[p] <= '9') {
                    id = id * 10 + (b[p++] - '0');
                }
                listener.onAck(this, id, b, p, end - p);
            }
            case '1' -> closed("socket.io disconnect packet");
            case '4' -> closed("connect error: " + new String(b, off, len, StandardCharsets.UTF_8));
            default -> closed("unexpected socket.io packet " + (char) b[off]);
        }
    }
}
