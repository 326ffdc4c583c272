package io.github.socketiojakarta.admin;

import io.github.socketiojakarta.engine.EngineSession;
import io.github.socketiojakarta.engine.TransportType;
import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.ServerMetrics;
import io.github.socketiojakarta.server.SocketIoServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this node reports in {@code server_stats}: its ids, uptime, connection counts, sockets
 * per namespace, and the events aggregated per second since the last report (the reference's
 * {@code EventBuffer}: connections opened, and closed by reason; and the Engine.IO packets and
 * bytes in and out, taken from {@link SocketIoServer#metrics()} as the difference since the
 * last report, counted in the second of the report). Thread-safe.
 */
final class Stats {
    private static final String[] TRAFFIC = {"packetsIn", "packetsOut", "bytesIn", "bytesOut"};

    private final SocketIoServer io;
    private final String serverId;
    private final String hostname = AdminOptions.hostname();
    private final long pid = ProcessHandle.current().pid();
    // "second;type;subType" -> {timestamp, type, [subType], count}
    private final Map<String, Map<String, Object>> buffer = new LinkedHashMap<>();
    // the traffic totals at the last report: packetsIn, packetsOut, bytesIn, bytesOut
    private final long[] traffic;

    Stats(SocketIoServer io, String serverId) {
        this.io = io;
        this.serverId = serverId;
        this.traffic = traffic(io.metrics());
    }

    /** The metrics' totals of every transport, in the order of {@link #TRAFFIC}. */
    private static long[] traffic(ServerMetrics m) {
        long[] t = new long[TRAFFIC.length];
        for (TransportType transport : TransportType.values()) {
            t[0] += m.packetsIn(transport);
            t[1] += m.packetsOut(transport);
            t[2] += m.bytesIn(transport);
            t[3] += m.bytesOut(transport);
        }
        return t;
    }

    /** Counts the traffic since the last call in this second (nothing for a zero count). */
    private synchronized void pushTraffic() {
        long[] now = traffic(io.metrics());
        for (int i = 0; i < TRAFFIC.length; i++) {
            long delta = now[i] - traffic[i];
            traffic[i] = now[i];
            if (delta > 0) {
                push(TRAFFIC[i], null, delta);
            }
        }
    }

    /** Counts an event in its second. */
    synchronized void push(String type, String subType, long count) {
        long second = System.currentTimeMillis() / 1000 * 1000;
        String key = second + ";" + type + ";" + subType;
        Map<String, Object> e = buffer.get(key);
        if (e == null) {
            e = new LinkedHashMap<>();
            e.put("timestamp", second);
            e.put("type", type);
            if (subType != null) {
                e.put("subType", subType);
            }
            e.put("count", count);
            buffer.put(key, e);
        } else {
            e.put("count", (Long) e.get("count") + count);
        }
    }

    /** The events counted since the last call, which forgets them. */
    synchronized List<Map<String, Object>> drain() {
        List<Map<String, Object>> out = new ArrayList<>(buffer.values());
        buffer.clear();
        return out;
    }

    /** The {@code server_stats} payload; drains the aggregated events. */
    Map<String, Object> snapshot() {
        int clients = 0;
        int polling = 0;
        for (EngineSession s : io.engine().sessions()) {
            clients++;
            if (s.transport() == TransportType.POLLING) {
                polling++;
            }
        }
        List<Map<String, Object>> namespaces = new ArrayList<>();
        for (Namespace n : io.namespaces().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("socketsCount", n.sockets().size());
            namespaces.add(m);
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("serverId", serverId);
        s.put("hostname", hostname);
        s.put("pid", pid);
        s.put("uptime", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        s.put("clientsCount", clients);
        s.put("pollingClientsCount", polling);
        pushTraffic();
        s.put("aggregatedEvents", drain());
        s.put("namespaces", namespaces);
        return s;
    }
}
