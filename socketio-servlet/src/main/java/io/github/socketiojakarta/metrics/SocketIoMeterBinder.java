package io.github.socketiojakarta.metrics;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.TransportType;
import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.server.ServerMetrics;
import io.github.socketiojakarta.server.SocketIoServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Binds a server's {@link ServerMetrics} to a Micrometer registry, as gauges and function
 * counters read when the registry publishes (nothing is counted twice, nothing runs per packet):
 *
 * <ul>
 *   <li>{@code socketio.connections} (gauge, tag {@code transport}: {@code polling},
 *       {@code websocket}): open Engine.IO sessions.
 *   <li>{@code socketio.sockets}, {@code socketio.rooms} (gauges, tag {@code namespace}).
 *   <li>{@code socketio.handshakes} (tag {@code transport}); {@code socketio.handshakes.refused}
 *       (tag {@code reason}: the Engine.IO error, e.g. {@code unknown_sid}, {@code forbidden});
 *       {@code socketio.connects.refused} (namespace connections refused).
 *   <li>{@code socketio.upgrades}; {@code socketio.packets.in}, {@code socketio.packets.out},
 *       {@code socketio.bytes.in}, {@code socketio.bytes.out} (tag {@code transport}).
 *   <li>{@code socketio.overflows} (tag {@code kind}: {@code queue} for slow clients,
 *       {@code backlog} for the inbound bound); {@code socketio.disconnects} (tag
 *       {@code reason}, e.g. {@code ping_timeout}).
 *   <li>{@code socketio.acks.pending} (gauge); {@code socketio.acks.timeouts}.
 *   <li>{@code socketio.recoveries} (tag {@code result}: {@code recovered}, {@code failed}),
 *       when connection state recovery is on.
 *   <li>{@code socketio.adapter.requests}, {@code socketio.adapter.timeouts},
 *       {@code socketio.adapter.reconnects}: the cluster adapter's (0 for the in-memory one).
 * </ul>
 *
 * <p>Every meter carries the tags given to the constructor: with several servers in one
 * registry, give each a distinguishing tag (say {@code server=chat}). Namespaces created after
 * binding get their gauges the next time {@code socketio.connections} is read. Base units are
 * set where they apply (bytes, connections, sockets, rooms); counts of events have none.
 *
 * <p>This is the library's only class that uses Micrometer, an optional dependency: the server
 * and its JMX MBean run without it. Thread-safe; bind it to any number of registries.
 */
public final class SocketIoMeterBinder implements MeterBinder {
    private final ServerMetrics metrics;
    private final Tags tags;

    /** Binds a server's metrics, with no common tag. */
    public SocketIoMeterBinder(SocketIoServer server) {
        this(server.metrics(), Tags.empty());
    }

    /** Binds a server's metrics; every meter carries {@code tags}. */
    public SocketIoMeterBinder(SocketIoServer server, Iterable<Tag> tags) {
        this(server.metrics(), tags);
    }

    /** Binds these metrics; every meter carries {@code tags}. */
    public SocketIoMeterBinder(ServerMetrics metrics, Iterable<Tag> tags) {
        this.metrics = metrics;
        this.tags = Tags.of(tags);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Set<String> namespaces = ConcurrentHashMap.newKeySet();
        for (TransportType t : TransportType.values()) {
            Tags byTransport = tags.and("transport", t.wireName());
            Gauge.builder("socketio.connections", metrics, m -> {
                registerNamespaces(registry, namespaces);
                return m.connections(t);
            }).tags(byTransport).description("Open Engine.IO sessions (connected clients)")
                    .baseUnit(BaseUnits.CONNECTIONS).register(registry);
            counter(registry, "socketio.handshakes", byTransport,
                    "Engine.IO handshakes accepted (sessions opened)", null,
                    m -> m.handshakes(t));
            counter(registry, "socketio.packets.in", byTransport,
                    "Engine.IO packets received", null, m -> m.packetsIn(t));
            counter(registry, "socketio.packets.out", byTransport,
                    "Engine.IO packets sent", null, m -> m.packetsOut(t));
            counter(registry, "socketio.bytes.in", byTransport,
                    "Bytes of the Engine.IO packets received", BaseUnits.BYTES,
                    m -> m.bytesIn(t));
            counter(registry, "socketio.bytes.out", byTransport,
                    "Bytes of the Engine.IO packets sent", BaseUnits.BYTES, m -> m.bytesOut(t));
        }
        for (EngineError e : EngineError.values()) {
            counter(registry, "socketio.handshakes.refused", tags.and("reason", key(e)),
                    "Engine.IO requests refused (handshakes and requests of sessions), by error",
                    null, m -> m.refusals(e));
        }
        counter(registry, "socketio.connects.refused", tags,
                "Namespace connections refused (middleware, invalid namespace)",
                null, ServerMetrics::connectsRefused);
        counter(registry, "socketio.upgrades", tags,
                "Sessions upgraded from long-polling to WebSocket", null,
                ServerMetrics::upgrades);
        counter(registry, "socketio.overflows", tags.and("kind", "queue"),
                "Sessions closed over a bound: queue = outbound queue full (slow client),"
                        + " backlog = too many messages waiting for the application",
                null, ServerMetrics::queueOverflows);
        counter(registry, "socketio.overflows", tags.and("kind", "backlog"),
                "Sessions closed over a bound: queue = outbound queue full (slow client),"
                        + " backlog = too many messages waiting for the application",
                null, ServerMetrics::backlogOverflows);
        for (CloseReason r : CloseReason.values()) {
            counter(registry, "socketio.disconnects", tags.and("reason", key(r)),
                    "Engine.IO sessions closed, by reason", null,
                    m -> m.closes(r));
        }
        Gauge.builder("socketio.acks.pending", metrics, ServerMetrics::pendingAcks).tags(tags)
                .description("Acks the server waits for from its clients")
                .register(registry);
        counter(registry, "socketio.acks.timeouts", tags, "Acks that ended at their timeout",
                null, ServerMetrics::ackTimeouts);
        if (metrics.recoveryEnabled()) {
            counter(registry, "socketio.recoveries", tags.and("result", "recovered"),
                    "Connection state recoveries asked for, by result", null,
                    ServerMetrics::recoveriesSucceeded);
            counter(registry, "socketio.recoveries", tags.and("result", "failed"),
                    "Connection state recoveries asked for, by result", null,
                    m -> m.recoveriesAttempted() - m.recoveriesSucceeded());
        }
        counter(registry, "socketio.adapter.requests", tags,
                "Cluster adapter requests to the other nodes", null,
                ServerMetrics::adapterRequests);
        counter(registry, "socketio.adapter.timeouts", tags,
                "Cluster adapter requests that ended at their timeout", null,
                ServerMetrics::adapterTimeouts);
        counter(registry, "socketio.adapter.reconnects", tags,
                "Cluster adapter reconnections to its broker", null,
                ServerMetrics::adapterReconnects);
        registerNamespaces(registry, namespaces);
    }

    /** Gauges for the namespaces not seen yet (cheap when there are none). */
    private void registerNamespaces(MeterRegistry registry, Set<String> seen) {
        if (seen.size() == metrics.sockets().size()) {
            return;
        }
        for (String ns : metrics.sockets().keySet()) {
            if (seen.add(ns)) {
                Tags byNamespace = tags.and("namespace", ns);
                Gauge.builder("socketio.sockets", metrics,
                        m -> m.sockets().getOrDefault(ns, 0)).tags(byNamespace)
                        .description("Connected sockets, by namespace").baseUnit("sockets")
                        .register(registry);
                if (metrics.rooms().containsKey(ns)) {
                    Gauge.builder("socketio.rooms", metrics, m -> m.rooms().getOrDefault(ns, 0))
                            .tags(byNamespace)
                            .description("Rooms with members (without each socket's own room)")
                            .baseUnit("rooms").register(registry);
                }
            }
        }
    }

    private void counter(MeterRegistry registry, String name, Tags meterTags, String description,
            String unit, ToDoubleFunction<ServerMetrics> f) {
        FunctionCounter.builder(name, metrics, f).tags(meterTags).description(description)
                .baseUnit(unit).register(registry);
    }

    private static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
