package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.ConnectionStateRecovery;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.engine.EngineOptions;
import io.github.socketiojakarta.json.ArgumentMapper;
import io.github.socketiojakarta.json.JsonbArgumentMapper;
import io.github.socketiojakarta.protocol.DecoderLimits;
import io.github.socketiojakarta.protocol.SocketParser;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Socket.IO server settings, with the reference server's defaults; the Engine.IO settings are
 * nested. Immutable; build with {@link #builder()}.
 *
 * @param engine the Engine.IO settings
 * @param connectTimeout how long a connection may stay without joining a namespace (45 s)
 * @param adapterFactory creates each namespace's adapter ({@link InMemoryAdapter})
 * @param mapper maps arguments to and from Java types ({@link JsonbArgumentMapper})
 * @param decoderLimits limits of the packet decoder (10 attachments, JSON depth 64)
 * @param connectionStateRecovery connection state recovery, or {@code null} when off (the
 *     default)
 * @param parser how packets are encoded into Engine.IO messages and decoded from them, for all
 *     namespaces and clients ({@link SocketParser#defaultParser()}; the {@code socketio-msgpack}
 *     module brings one compatible with {@code socket.io-msgpack-parser}); clients must use the
 *     same one
 */
public record ServerOptions(
        EngineOptions engine,
        Duration connectTimeout,
        AdapterFactory adapterFactory,
        ArgumentMapper mapper,
        DecoderLimits decoderLimits,
        ConnectionStateRecovery connectionStateRecovery,
        SocketParser parser) {

    /** Checks the values. */
    public ServerOptions {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(adapterFactory, "adapterFactory");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(decoderLimits, "decoderLimits");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
    }

    /** The options before connection state recovery (off), with the default parser. */
    public ServerOptions(EngineOptions engine, Duration connectTimeout,
            AdapterFactory adapterFactory, ArgumentMapper mapper, DecoderLimits decoderLimits) {
        this(engine, connectTimeout, adapterFactory, mapper, decoderLimits, null);
    }

    /** The options before the parser setting, with the default parser. */
    public ServerOptions(EngineOptions engine, Duration connectTimeout,
            AdapterFactory adapterFactory, ArgumentMapper mapper, DecoderLimits decoderLimits,
            ConnectionStateRecovery connectionStateRecovery) {
        this(engine, connectTimeout, adapterFactory, mapper, decoderLimits,
                connectionStateRecovery, SocketParser.defaultParser());
    }

    /** The defaults. */
    public static ServerOptions defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.engine = engine.toBuilder();
        b.connectTimeout = connectTimeout;
        b.adapterFactory = adapterFactory;
        b.mapper = mapper;
        b.decoderLimits = decoderLimits;
        b.connectionStateRecovery = connectionStateRecovery;
        b.parser = parser;
        return b;
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private EngineOptions.Builder engine = EngineOptions.builder();
        private Duration connectTimeout = Duration.ofSeconds(45);
        private AdapterFactory adapterFactory = InMemoryAdapter::new;
        private ArgumentMapper mapper = new JsonbArgumentMapper();
        private DecoderLimits decoderLimits = DecoderLimits.DEFAULT;
        private ConnectionStateRecovery connectionStateRecovery;
        private SocketParser parser = SocketParser.defaultParser();

        private Builder() {}

        /** Replaces the Engine.IO settings. */
        public Builder engine(EngineOptions options) {
            engine = options.toBuilder();
            return this;
        }

        /** Adjusts the Engine.IO settings, e.g. {@code b -> b
                .pingInterval(Duration.ofSeconds(10))}. */
        public Builder engine(Consumer<EngineOptions.Builder> change) {
            change.accept(engine);
            return this;
        }

        /**
         * Serves Socket.IO v2 clients (Engine.IO v3) as well: the reference's
         * {@code allowEIO3}, off by default; see {@link EngineOptions#allowEIO3()}.
         */
        public Builder allowEIO3(boolean v) {
            engine.allowEIO3(v);
            return this;
        }

        /** See {@link ServerOptions#connectTimeout()}. */
        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        /** See {@link ServerOptions#adapterFactory()}. */
        public Builder adapter(AdapterFactory factory) {
            adapterFactory = factory;
            return this;
        }

        /** See {@link ServerOptions#mapper()}. */
        public Builder mapper(ArgumentMapper value) {
            mapper = value;
            return this;
        }

        /** See {@link ServerOptions#decoderLimits()}. */
        public Builder decoderLimits(DecoderLimits value) {
            decoderLimits = value;
            return this;
        }

        /**
         * Turns connection state recovery on: a client that loses its connection and comes
         * back within {@code maxDisconnectionDuration} gets the same socket (id, rooms, data) and
         * the packets it missed. The reference's values are 2 minutes and {@code true}.
         *
         * @param skipMiddlewares whether a recovered socket skips the namespace's middlewares
         */
        public Builder connectionStateRecovery(Duration maxDisconnectionDuration,
                boolean skipMiddlewares) {
            connectionStateRecovery = ConnectionStateRecovery.of(maxDisconnectionDuration,
                    skipMiddlewares);
            return this;
        }

        /**
         * Sets connection state recovery ({@link ConnectionStateRecovery#defaults()} for the
         * reference's defaults), or turns it off with {@code null}.
         */
        public Builder connectionStateRecovery(ConnectionStateRecovery value) {
            connectionStateRecovery = value;
            return this;
        }

        /**
         * See {@link ServerOptions#parser()}; e.g. {@code new MsgpackParser()} of the
         * {@code socketio-msgpack} module.
         */
        public Builder parser(SocketParser value) {
            parser = value;
            return this;
        }

        /** The options. */
        public ServerOptions build() {
            return new ServerOptions(engine.build(), connectTimeout, adapterFactory, mapper,
                    decoderLimits, connectionStateRecovery, parser);
        }
    }
}
