package io.github.socketiojakarta.testing;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw WebSocket client ({@link java.net.http.WebSocket}) that records what the server sends:
 * whole text and binary messages (fragments joined), then the close. Sends are waited for.
 * Every blocking call gives up after {@link #TIMEOUT} with an {@link AssertionError}.
 *
 * <p>Thread-safe: frames are queued by the JDK's listener thread and taken by the test.
 */
public final class WsClient implements AutoCloseable {
    /** How long a blocking call waits. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Something the server sent. */
    public sealed interface Frame {
        /** A whole text message. */
        record Text(String text) implements Frame {}

        /** A whole binary message. */
        record Binary(byte[] data) implements Frame {}

        /** The close (or the connection's failure, with code {@code -1}). */
        record Close(int code, String reason) implements Frame {}
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Frame.Close> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri) {
        Recorder recorder = new Recorder();
        this.socket = PollingClient.await(PollingClient.http().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, recorder));
    }

    /**
     * Opens a WebSocket.
     *
     * @throws AssertionError when the handshake fails or times out
     */
    public static WsClient connect(URI uri) {
        return new WsClient(uri);
    }

    /** Sends a text message. */
    public WsClient sendText(String text) {
        PollingClient.await(socket.sendText(text, true));
        return this;
    }

    /** Sends a text message as several fragments, one per part. */
    public WsClient sendTextFragments(String... parts) {
        for (int i = 0; i < parts.length; i++) {
            PollingClient.await(socket.sendText(parts[i], i == parts.length - 1));
        }
        return this;
    }

    /** Sends a binary message. */
    public WsClient sendBinary(byte[] data) {
        PollingClient.await(socket.sendBinary(ByteBuffer.wrap(data), true));
        return this;
    }

    /** Sends a binary message as several fragments. */
    public WsClient sendBinaryFragments(byte[]... parts) {
        for (int i = 0; i < parts.length; i++) {
            PollingClient.await(socket.sendBinary(ByteBuffer.wrap(parts[i]), i == parts.length - 1));
        }
        return this;
    }

    /** The next frame; an AssertionError if none comes within {@link #TIMEOUT}. */
    public Frame next() {
        try {
            Frame f = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (f == null) {
                throw new AssertionError("nothing received within " + TIMEOUT);
            }
            return f;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The next frame, which must be a text message. */
    public String nextText() {
        Frame f = next();
        if (f instanceof Frame.Text t) {
            return t.text();
        }
        throw new AssertionError("expected a text message, got " + describe(f));
    }

    /** The next frame, which must be a binary message. */
    public byte[] nextBinary() {
        Frame f = next();
        if (f instanceof Frame.Binary b) {
            return b.data();
        }
        throw new AssertionError("expected a binary message, got " + describe(f));
    }

    /** The next frame, which must be the open packet. */
    public Handshake nextOpen() {
        return Handshake.parse(nextText());
    }

    /** The next frame, which must be the close; returns it. */
    public Frame.Close nextClose() {
        Frame f = next();
        if (f instanceof Frame.Close c) {
            return c;
        }
        throw new AssertionError("expected the close, got " + describe(f));
    }

    /** Waits for the close, whatever comes before it. */
    public Frame.Close awaitClose() {
        return PollingClient.await(closed);
    }

    /** Whether the connection has closed. */
    public boolean isClosed() {
        return closed.isDone();
    }

    /** Whether nothing is waiting to be taken. */
    public boolean nothingPending() {
        return frames.isEmpty();
    }

    /**
     * Sends a normal close and waits for the server's answering close frame. (Tomcat answers just
     * before it calls its endpoint's {@code onClose}: the engine may hear of it a moment later.)
     *
     * @return the server's close
     */
    public Frame.Close closeHandshake() {
        PollingClient.await(socket.sendClose(WebSocket.NORMAL_CLOSURE, ""));
        return awaitClose();
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        socket.abort();
    }

    /** Sends a normal close if still open, then drops the connection. */
    @Override
    public void close() {
        if (!closed.isDone() && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // closing anyway
            }
        }
        socket.abort();
    }

    private static String describe(Frame f) {
        if (f instanceof Frame.Binary b) {
            return "Binary[" + b.data().length + " bytes]";
        }
        return String.valueOf(f);
    }

    private final class Recorder implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                frames.add(new Frame.Text(text.toString()));
                text.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.write(chunk, 0, chunk.length);
            if (last) {
                frames.add(new Frame.Binary(binary.toByteArray()));
                binary.reset();
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            Frame.Close c = new Frame.Close(statusCode, reason);
            frames.add(c);
            closed.complete(c);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            Frame.Close c = new Frame.Close(-1, String.valueOf(error));
            frames.add(c);
            closed.complete(c);
        }
    }

    /** UTF-8 bytes of a string, for binary payloads in tests. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
