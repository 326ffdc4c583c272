package io.github.socketiojakarta.hardening;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Socket.IO client over {@link java.net.http.WebSocket}, cheap enough to hold a
 * thousand of: it answers pings ({@code 2} with {@code 3}) by itself, joins {@code /} when told
 * ({@code 40}), counts and optionally records the events it receives, and emits events with
 * acks. Sends are chained (the JDK allows one outstanding send per WebSocket).
 *
 * <p>Thread-safe.
 */
final class LightSioClient implements WebSocket.Listener {
    private final boolean join;
    private final boolean record;
    private final StringBuilder partial = new StringBuilder();
    private final Object sendLock = new Object();
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;

    /** Completes with the Engine.IO sid when the open packet arrives. */
    final CompletableFuture<String> opened = new CompletableFuture<>();
    /** Completes with the Socket.IO socket id once {@code /} is joined. */
    final CompletableFuture<String> joined = new CompletableFuture<>();
    /** Completes with the close code ({@code -1} for a failure) when the WebSocket ends. */
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** Events received ({@code 42...} packets). */
    final AtomicLong events = new AtomicLong();
    /** The event packets received, when recording. */
    final Queue<String> received = new ConcurrentLinkedQueue<>();
    /** Unexpected things: send failures, unknown packets, errors. */
    final AtomicInteger errors = new AtomicInteger();
    private final Object progress = new Object();
    private final AtomicLong nextAck = new AtomicLong();
    /** Told of every event packet ({@code 42...}) after it is counted, when set. */
    private volatile java.util.function.Consumer<String> onEvent;
    private final Map<Long, CompletableFuture<String>> acks = new ConcurrentHashMap<>();

    private LightSioClient(boolean join, boolean record) {
        this.join = join;
        this.record = record;
    }

    /**
     * Opens a WebSocket to {@code /socket.io/} on the loopback port.
     *
     * @param join whether to send {@code 40} after the open packet
     * @param record whether to keep the event packets in {@link #received}
     */
    static CompletableFuture<LightSioClient> connect(HttpClient http, int port, boolean join,
            boolean record) {
        LightSioClient c = new LightSioClient(join, record);
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create("ws://127.0.0.1:" + port
                        + "/socket.io/?EIO=4&transport=websocket"), c)
                .thenApply(ws -> c);
    }

    /** Calls {@code hook} with the text of every event packet that arrives from now on. */
    void onEvent(java.util.function.Consumer<String> hook) {
        this.onEvent = hook;
    }

    /** Emits {@code ["name", arg]} with an ack; the future gets the ack's payload text. */
    CompletableFuture<String> emitWithAck(String name, String jsonArg) {
        long id = nextAck.incrementAndGet();
        CompletableFuture<String> ack = new CompletableFuture<>();
        acks.put(id, ack);
        send("42" + id + "[\"" + name + "\"," + jsonArg + "]");
        return ack;
    }

    /**
     * Waits until {@code n} events have arrived or the connection ended.
     *
     * @return whether they arrived within the timeout
     */
    boolean awaitEvents(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (events.get() < n && !closed.isDone()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                progress.wait(Math.min(left, 100));
            }
        }
        return events.get() >= n;
    }

    /** Acks waiting for an answer. */
    int pendingAcks() {
        return acks.size();
    }

    /** Sends an Engine.IO text frame, after the sends already queued. */
    void send(String text) {
        synchronized (sendLock) {
            sendChain = sendChain.thenCompose(x -> {
                WebSocket ws = socket;
                if (ws == null || ws.isOutputClosed()) {
                    return CompletableFuture.completedFuture(null);
                }
                return ws.sendText(text, true);
            }).exceptionally(e -> {
                if (!closed.isDone()) {
                    errors.incrementAndGet();
                }
                return null;
            });
        }
    }

    /** Closes with a close frame (1000). */
    void close() {
        synchronized (sendLock) {
            sendChain = sendChain.thenCompose(x -> {
                WebSocket ws = socket;
                return ws == null || ws.isOutputClosed() ? CompletableFuture.completedFuture(null)
                        : ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
            }).exceptionally(e -> null);
        }
    }

    /** Drops the connection without a close frame. */
    void abort() {
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        closed.complete(-1);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        this.socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            onPacket(text);
        }
        webSocket.request(1);
        return null;
    }

    private void onPacket(String text) {
        if (text.equals("2")) {
            send("3");
        } else if (text.startsWith("0{")) {
            int s = text.indexOf("\"sid\":\"") + 7;
            opened.complete(text.substring(s, text.indexOf('"', s)));
            if (join) {
                send("40");
            }
        } else if (text.startsWith("40{")) {
            int s = text.indexOf("\"sid\":\"") + 7;
            joined.complete(text.substring(s, text.indexOf('"', s)));
        } else if (text.startsWith("42")) {
            if (record) {
                received.add(text);
            }
            events.incrementAndGet();
            java.util.function.Consumer<String> hook = onEvent;
            if (hook != null) {
                hook.accept(text);
            }
            synchronized (progress) {
                progress.notifyAll();
            }
        } else if (text.startsWith("43")) {
            int open = text.indexOf('[');
            CompletableFuture<String> ack = acks.remove(Long.parseLong(text.substring(2, open)));
            if (ack == null) {
                errors.incrementAndGet();
            } else {
                ack.complete(text.substring(open));
            }
        } else if (!text.equals("6")) {
            errors.incrementAndGet();
        }
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        errors.incrementAndGet();
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        synchronized (progress) {
            progress.notifyAll();
        }
        acks.values().forEach(a -> a.completeExceptionally(new IllegalStateException("closed")));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
        acks.values().forEach(a -> a.completeExceptionally(error));
    }
}
