package io.github.socketiojakarta.server;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.AdapterMetrics;
import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.EngineCounters;
import io.github.socketiojakarta.engine.TransportType;
import io.github.socketiojakarta.engine.binding.EngineError;
import java.util.Map;
import java.util.TreeMap;

/** The {@link ServerMetrics} of one server: reads the engine's and the server's counters. */
final class Metrics implements ServerMetrics {
    private final SocketIoServer server;
    private final EngineCounters engine;

    Metrics(SocketIoServer server) {
        this.server = server;
        this.engine = server.engine().counters();
    }

    @Override
    public int connections(TransportType transport) {
        return server.engine().sessionCount(transport);
    }

    @Override
    public int connections() {
        return server.engine().sessionCount();
    }

    @Override
    public Map<String, Integer> sockets() {
        Map<String, Integer> out = new TreeMap<>();
        for (Namespace n : server.namespaces().values()) {
            out.put(n.name(), n.sockets().size());
        }
        return out;
    }

    @Override
    public Map<String, Integer> rooms() {
        Map<String, Integer> out = new TreeMap<>();
        for (Namespace n : server.namespaces().values()) {
            Adapter a = n.adapter();
            int count = a == null ? -1 : a.roomCount();
            if (count >= 0) {
                out.put(n.name(), count);
            }
        }
        return out;
    }

    @Override
    public long handshakes(TransportType transport) {
        return engine.handshakes(transport);
    }

    @Override
    public long refusals(EngineError error) {
        return engine.refusals(error);
    }

    @Override
    public long connectsRefused() {
        return server.counters.connectsRefused.sum();
    }

    @Override
    public long upgrades() {
        return engine.upgrades();
    }

    @Override
    public long packetsIn(TransportType transport) {
        return engine.packetsIn(transport);
    }

    @Override
    public long packetsOut(TransportType transport) {
        return engine.packetsOut(transport);
    }

    @Override
    public long bytesIn(TransportType transport) {
        return engine.bytesIn(transport);
    }

    @Override
    public long bytesOut(TransportType transport) {
        return engine.bytesOut(transport);
    }

    @Override
    public long queueOverflows() {
        return engine.queueOverflows();
    }

    @Override
    public long backlogOverflows() {
        return engine.backlogOverflows();
    }

    @Override
    public long closes(CloseReason reason) {
        return engine.closes(reason);
    }

    @Override
    public int pendingAcks() {
        int n = 0;
        for (Namespace ns : server.namespaces().values()) {
            for (Socket s : ns.sockets().values()) {
                n += s.pendingAcks();
            }
        }
        return n;
    }

    @Override
    public long ackTimeouts() {
        return server.counters.ackTimeouts.sum();
    }

    @Override
    public boolean recoveryEnabled() {
        return server.options().connectionStateRecovery() != null;
    }

    @Override
    public long recoveriesAttempted() {
        return server.counters.recoveriesAttempted.sum();
    }

    @Override
    public long recoveriesSucceeded() {
        return server.counters.recoveriesSucceeded.sum();
    }

    @Override
    public long adapterRequests() {
        return adapter().requests();
    }

    @Override
    public long adapterTimeouts() {
        return adapter().requestTimeouts();
    }

    @Override
    public long adapterReconnects() {
        return adapter().reconnects();
    }

    private AdapterMetrics adapter() {
        AdapterFactory f = server.options().adapterFactory();
        AdapterMetrics m = f == null ? null : f.metrics();
        return m == null ? AdapterMetrics.NONE : m;
    }
}
