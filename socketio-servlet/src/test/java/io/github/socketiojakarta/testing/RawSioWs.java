package io.github.socketiojakarta.testing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw Socket.IO client over a raw WebSocket ({@link WsClient}): it sends exactly the Socket.IO
 * packet texts and binary frames it is given, for the protocol tests. Pings are answered with
 * pongs and skipped when reading. Every read gives up after {@link WsClient#TIMEOUT}.
 *
 * <p>Not thread-safe: one test thread drives it.
 */
public final class RawSioWs implements AutoCloseable {
    private final WsClient ws;
    private final Handshake open;
    private final List<WsClient.Frame> seen = new ArrayList<>();

    private RawSioWs(WsClient ws) {
        this.ws = ws;
        this.open = ws.nextOpen();
    }

    /** Opens an Engine.IO WebSocket session at {@code /socket.io/} (no namespace joined). */
    public static RawSioWs open(int port) {
        return new RawSioWs(WsClient.connect(URI.create("ws://127.0.0.1:" + port
                + "/socket.io/?EIO=4&transport=websocket")));
    }

    /** The Engine.IO open packet. */
    public Handshake handshake() {
        return open;
    }

    /** The Engine.IO session id. */
    public String sid() {
        return open.sid();
    }

    /** Sends a Socket.IO packet text (the Engine.IO {@code 4} is added). */
    public RawSioWs send(String packet) {
        ws.sendText("4" + packet);
        return this;
    }

    /** Sends an Engine.IO text frame as is. */
    public RawSioWs sendEngine(String text) {
        ws.sendText(text);
        return this;
    }

    /** Sends a binary frame (an attachment). */
    public RawSioWs sendBinary(byte[] data) {
        ws.sendBinary(data);
        return this;
    }

    /**
     * Joins a namespace: sends {@code 40} or {@code 40/nsp,} and returns the answer (the
     * Socket.IO packet text, e.g. {@code 0{"sid":"..."}}).
     */
    public String connect(String nsp) {
        send("/".equals(nsp) ? "0" : "0" + nsp + ",");
        return next();
    }

    /**
     * The next Socket.IO packet text (without the Engine.IO {@code 4}); pings are answered and
     * skipped; anything else (a close, a binary frame, another Engine.IO packet) fails.
     */
    public String next() {
        while (true) {
            WsClient.Frame f = ws.next();
            seen.add(f);
            if (f instanceof WsClient.Frame.Text t) {
                if (t.text().equals("2")) {
                    ws.sendText("3");
                    continue;
                }
                if (t.text().startsWith("4")) {
                    return t.text().substring(1);
                }
            }
            throw new AssertionError("expected a Socket.IO packet, got " + describe(f));
        }
    }

    /** The next binary frame (an attachment). */
    public byte[] nextBinary() {
        WsClient.Frame f = ws.next();
        seen.add(f);
        if (f instanceof WsClient.Frame.Binary b) {
            return b.data();
        }
        throw new AssertionError("expected a binary frame, got " + describe(f));
    }

    /** Waits for the server to close the WebSocket, recording what came before. */
    public WsClient.Frame.Close awaitClose() {
        while (true) {
            WsClient.Frame f = ws.next();
            seen.add(f);
            if (f instanceof WsClient.Frame.Close c) {
                return c;
            }
            if (f instanceof WsClient.Frame.Text t && t.text().equals("2")) {
                ws.sendText("3");
            }
        }
    }

    /** Whether the WebSocket is closed. */
    public boolean isClosed() {
        return ws.isClosed();
    }

    /** Every frame read so far (to check that nothing leaked, e.g. a stack trace). */
    public List<WsClient.Frame> seen() {
        return List.copyOf(seen);
    }

    /** The texts of every text frame and close reason read so far. */
    public String seenText() {
        StringBuilder b = new StringBuilder();
        for (WsClient.Frame f : seen) {
            if (f instanceof WsClient.Frame.Text t) {
                b.append(t.text()).append('\n');
            } else if (f instanceof WsClient.Frame.Close c) {
                b.append("close ").append(c.code()).append(' ').append(c.reason()).append('\n');
            }
        }
        return b.toString();
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        ws.close();
    }

    private static String describe(WsClient.Frame f) {
        if (f instanceof WsClient.Frame.Binary b) {
            return "Binary[" + b.data().length + " bytes]";
        }
        return String.valueOf(f);
    }
}
