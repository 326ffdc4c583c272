package io.github.socketiojakarta.container.upgrade;

import io.github.socketiojakarta.engine.EngineRequest;
import io.github.socketiojakarta.engine.EngineServer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Enumeration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Upgrades a request the servlet has already checked (every Engine.IO rule) to a WebSocket
 * connection of our own (RFC 6455 section 4.2): the handshake's WebSocket headers are checked
 * here (a GET with {@code Upgrade: websocket}, a {@code Connection} header with the
 * {@code upgrade} token, {@code Sec-WebSocket-Key} of 16 bytes in base64, else 400;
 * {@code Sec-WebSocket-Version: 13}, else 426 naming it), the answer is 101 with the key's
 * {@code Sec-WebSocket-Accept} and, for a new session, the session cookie, without extension
 * or subprotocol (offers of either are ignored); then {@code HttpServletRequest.upgrade} hands
 * the connection to an {@link UpgradeHandler}.
 *
 * <p>One per servlet, made when the servlet starts and {@link #close closed} when it ends: it
 * owns the one timer thread, started on first use, that bounds how long a closing connection
 * waits for its peer.
 *
 * <p>Thread-safe.
 */
public final class WebSocketUpgrade implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final MessageDigest SHA1 = sha1();

    private ScheduledExecutorService timer;
    private boolean closed;

    /** A handshake answerer with no timer thread yet. */
    public WebSocketUpgrade() {
    }

    /** The result of the WebSocket header checks. */
    enum Check { OK, BAD_REQUEST, BAD_VERSION }

    /**
     * Answers the handshake: 101 and the upgrade, or an HTTP error when a WebSocket header is
     * wrong.
     *
     * @param request the engine's view of the request, already checked
     * @param newSid the id of the session the connection opens, or {@code null} when it
     *     upgrades the request's sid
     * @param cookie the {@code Set-Cookie} value for a new session, or {@code null}
     * @return {@code null} when upgraded, else the HTTP status to answer with (400 or 426)
     */
    public Integer upgrade(EngineServer engine, HttpServletRequest req, HttpServletResponse resp,
            EngineRequest request, String newSid, String cookie)
            throws IOException, ServletException {
        String key = req.getHeader("Sec-WebSocket-Key");
        Check check = check(req.getMethod(), req.getHeader("Upgrade"),
                req.getHeaders("Connection"), req.getHeader("Sec-WebSocket-Version"), key);
        if (check == Check.BAD_VERSION) {
            resp.setHeader("Sec-WebSocket-Version", "13");
            return 426;
        }
        if (check != Check.OK) {
            return 400;
        }
        resp.setHeader("Upgrade", "websocket");
        resp.setHeader("Connection", "Upgrade");
        resp.setHeader("Sec-WebSocket-Accept", accept(key));
        if (cookie != null) {
            resp.addHeader("Set-Cookie", cookie);
        }
        UpgradeHandler handler = req.upgrade(UpgradeHandler.class);
        handler.prepare(this, engine, request, newSid);
        return null;
    }

    /** The WebSocket part of the handshake's checks. */
    static Check check(String method, String upgrade, Enumeration<String> connection,
            String version, String key) {
        if (!"GET".equals(method) || !"websocket".equalsIgnoreCase(trim(upgrade))
                || !hasToken(connection, "upgrade")) {
            return Check.BAD_REQUEST;
        }
        if (!"13".equals(trim(version))) {
            return Check.BAD_VERSION;
        }
        return validKey(key) ? Check.OK : Check.BAD_REQUEST;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    /** Whether one of the comma-separated values is {@code token} (any case). */
    private static boolean hasToken(Enumeration<String> values, String token) {
        while (values != null && values.hasMoreElements()) {
            for (String part : values.nextElement().split(",")) {
                if (part.trim().toLowerCase(Locale.ROOT).equals(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code key} is base64 of 16 bytes. */
    static boolean validKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code Sec-WebSocket-Accept} for a key: base64 of the SHA-1 of the key and the GUID. */
    static String accept(String key) {
        MessageDigest sha1;
        try {
            sha1 = (MessageDigest) SHA1.clone();
        } catch (CloneNotSupportedException e) {
            sha1 = sha1();
        }
        byte[] digest = sha1.digest((key.trim() + GUID).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(digest);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    /**
     * Runs {@code task} after {@code millis} on the timer thread, or never when this is closed.
     */
    ScheduledFuture<?> schedule(Runnable task, long millis) {
        ScheduledExecutorService t;
        synchronized (this) {
            if (closed) {
                return null;
            }
            if (timer == null) {
                ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread thread = new Thread(r, "socketio-websocket-close");
                    thread.setDaemon(true);
                    return thread;
                });
                pool.setRemoveOnCancelPolicy(true);
                timer = pool;
            }
            t = timer;
        }
        try {
            return t.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            return null; // closing
        }
    }

    /**
     * Stops the timer thread ({@code socketio-websocket-close}); closing connections then end
     * without waiting.
     */
    @Override
    public void close() {
        ScheduledExecutorService t;
        synchronized (this) {
            closed = true;
            t = timer;
            timer = null;
        }
        if (t != null) {
            t.shutdownNow();
            try {
                // gone before the application is: no thread of ours outlives an undeployment
                t.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
