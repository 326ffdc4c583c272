package io.github.socketiojakarta.engine;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * Engine.IO server settings, each defaulting to the Node.js reference server's value. Build with
 * {@link #builder()}; immutable and thread-safe.
 *
 * @param path the mount path, with leading and trailing slash (default {@code /socket.io/})
 * @param pingInterval the time between the server's pings (25 s; announced in milliseconds)
 * @param pingTimeout how long to wait for a pong before closing (20 s)
 * @param upgradeTimeout how long an upgrade may take before the WebSocket is dropped (10 s)
 * @param maxHttpBufferSize the largest POST body or WebSocket message in bytes (1e6); larger
 *     ones get HTTP 413 or WebSocket close code 1009
 * @param transports the enabled transports (both)
 * @param allowUpgrades whether polling sessions may upgrade to WebSocket (true)
 * @param cors cross-origin settings, or {@code null} for none (the default)
 * @param allowRequest the handshake hook, or {@code null} to accept every handshake
 * @param cookie the session cookie, or {@code null} for none (the default)
 * @param maxBufferedBytes the bound on one session's outbound queue in bytes (8 MiB); a session
 *     whose queue grows past it is closed with {@link CloseReason#TRANSPORT_ERROR}
 * @param maxInboundBacklog the most received messages waiting for the application per session
 *     (1024); a session past it is closed with {@link CloseReason#TRANSPORT_ERROR}
 * @param executor where application callbacks run, or {@code null} for a pool the server owns
 * @param dispatch where a message's callback runs: on the reading thread when its session is
 *     idle (the default with the server's own pool), or always on the pool (the default with an
 *     application's executor); see {@link CallbackDispatch}
 * @param allowEIO3 whether Engine.IO v3 clients (Socket.IO v2 clients) are served as well
 *     (false, as the reference); a request whose {@code EIO} is not {@code 4} is then a v3 one
 */
public record EngineOptions(
        String path,
        Duration pingInterval,
        Duration pingTimeout,
        Duration upgradeTimeout,
        int maxHttpBufferSize,
        Set<TransportType> transports,
        boolean allowUpgrades,
        CorsOptions cors,
        AllowRequest allowRequest,
        CookieOptions cookie,
        long maxBufferedBytes,
        int maxInboundBacklog,
        Executor executor,
        CallbackDispatch dispatch,
        boolean allowEIO3) {

    /** Checks the values. */
    public EngineOptions {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /");
        }
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        transports = Set.copyOf(transports);
        if (transports.isEmpty()) {
            throw new IllegalArgumentException("at least one transport must be enabled");
        }
        positive(pingInterval, "pingInterval");
        positive(pingTimeout, "pingTimeout");
        positive(upgradeTimeout, "upgradeTimeout");
        positive(maxHttpBufferSize, "maxHttpBufferSize");
        positive(maxBufferedBytes, "maxBufferedBytes");
        positive(maxInboundBacklog, "maxInboundBacklog");
        if (dispatch == null) {
            dispatch = defaultDispatch(executor);
        }
    }

    private static CallbackDispatch defaultDispatch(Executor executor) {
        return executor == null ? CallbackDispatch.READING_THREAD_WHEN_IDLE
                : CallbackDispatch.POOL;
    }

    private static void positive(Duration v, String name) {
        Objects.requireNonNull(v, name);
        if (v.isNegative() || v.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    /** The reference defaults. */
    public static EngineOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the reference defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.path = path;
        b.pingInterval = pingInterval;
        b.pingTimeout = pingTimeout;
        b.upgradeTimeout = upgradeTimeout;
        b.maxHttpBufferSize = maxHttpBufferSize;
        b.transports = EnumSet.copyOf(transports);
        b.allowUpgrades = allowUpgrades;
        b.cors = cors;
        b.allowRequest = allowRequest;
        b.cookie = cookie;
        b.maxBufferedBytes = maxBufferedBytes;
        b.maxInboundBacklog = maxInboundBacklog;
        b.executor = executor;
        // an explicit choice only: the default follows the executor the builder ends up with
        b.dispatch = dispatch == defaultDispatch(executor) ? null : dispatch;
        b.allowEIO3 = allowEIO3;
        return b;
    }

    /** Whether a transport is enabled. */
    public boolean allows(TransportType t) {
        return transports.contains(t);
    }

    /** Whether a polling session may upgrade: upgrades allowed and WebSocket enabled. */
    public boolean canUpgrade() {
        return allowUpgrades && transports.contains(TransportType.WEBSOCKET);
    }

    /** Mutable builder for {@link EngineOptions}; not thread-safe. */
    public static final class Builder {
        private String path = "/socket.io/";
        private Duration pingInterval = Duration.ofSeconds(25);
        private Duration pingTimeout = Duration.ofSeconds(20);
        private Duration upgradeTimeout = Duration.ofSeconds(10);
        private int maxHttpBufferSize = 1_000_000;
        private Set<TransportType> transports = EnumSet.allOf(TransportType.class);
        private boolean allowUpgrades = true;
        private CorsOptions cors;
        private AllowRequest allowRequest;
        private CookieOptions cookie;
        private long maxBufferedBytes = 8L << 20;
        private int maxInboundBacklog = 1024;
        private Executor executor;
        private CallbackDispatch dispatch;
        private boolean allowEIO3;

        private Builder() {}

        /** See {@link EngineOptions#path()}. */
        public Builder path(String v) {
            path = v;
            return this;
        }

        /** See {@link EngineOptions#pingInterval()}. */
        public Builder pingInterval(Duration v) {
            pingInterval = v;
            return this;
        }

        /** See {@link EngineOptions#pingTimeout()}. */
        public Builder pingTimeout(Duration v) {
            pingTimeout = v;
            return this;
        }

        /** See {@link EngineOptions#upgradeTimeout()}. */
        public Builder upgradeTimeout(Duration v) {
            upgradeTimeout = v;
            return this;
        }

        /** See {@link EngineOptions#maxHttpBufferSize()}. */
        public Builder maxHttpBufferSize(int bytes) {
            maxHttpBufferSize = bytes;
            return this;
        }

        /** See {@link EngineOptions#transports()}. */
        public Builder transports(TransportType first, TransportType... rest) {
            transports = EnumSet.of(first, rest);
            return this;
        }

        /** See {@link EngineOptions#allowUpgrades()}. */
        public Builder allowUpgrades(boolean v) {
            allowUpgrades = v;
            return this;
        }

        /** See {@link EngineOptions#cors()}. */
        public Builder cors(CorsOptions v) {
            cors = v;
            return this;
        }

        /** See {@link EngineOptions#allowRequest()}. */
        public Builder allowRequest(AllowRequest v) {
            allowRequest = v;
            return this;
        }

        /** See {@link EngineOptions#cookie()}. */
        public Builder cookie(CookieOptions v) {
            cookie = v;
            return this;
        }

        /** See {@link EngineOptions#maxBufferedBytes()}. */
        public Builder maxBufferedBytes(long v) {
            maxBufferedBytes = v;
            return this;
        }

        /** See {@link EngineOptions#maxInboundBacklog()}. */
        public Builder maxInboundBacklog(int v) {
            maxInboundBacklog = v;
            return this;
        }

        /** See {@link EngineOptions#executor()}. */
        public Builder executor(Executor v) {
            executor = v;
            return this;
        }

        /**
         * See {@link EngineOptions#dispatch()}; {@code null} (the default) picks
         * {@link CallbackDispatch#READING_THREAD_WHEN_IDLE} with the server's own pool and
         * {@link CallbackDispatch#POOL} with an application's executor.
         */
        public Builder dispatch(CallbackDispatch v) {
            dispatch = v;
            return this;
        }

        /** See {@link EngineOptions#allowEIO3()}. */
        public Builder allowEIO3(boolean v) {
            allowEIO3 = v;
            return this;
        }

        /** The options. */
        public EngineOptions build() {
            return new EngineOptions(path, pingInterval, pingTimeout, upgradeTimeout,
                    maxHttpBufferSize, transports, allowUpgrades, cors, allowRequest, cookie,
                    maxBufferedBytes, maxInboundBacklog, executor, dispatch, allowEIO3);
        }
    }
}
