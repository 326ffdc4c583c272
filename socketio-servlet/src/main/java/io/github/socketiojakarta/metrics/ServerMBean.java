package io.github.socketiojakarta.metrics;

import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.TransportType;
import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.server.ServerMetrics;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The MBean of one server in the platform MBean server, under
 * {@code io.github.socketiojakarta:type=SocketIoServer,context="/chat",path="/socket.io/"}
 * (the web application's context path, {@code "/"} for the root, and the server's path; both
 * quoted). A second server under the same name (two hosts with the same context path) gets
 * {@code ,instance=2} and so on. The bootstrap registers one per mounted server and unregisters
 * it when the web application stops; applications that build servers themselves call
 * {@link #register} and {@link #unregister}.
 *
 * <p>Thread-safe. Needs nothing but the JDK's {@code java.management}.
 */
public final class ServerMBean implements SocketIoServerMXBean {
    /** The JMX domain of the library's MBeans. */
    public static final String DOMAIN = "io.github.socketiojakarta";

    private final ServerMetrics metrics;
    private volatile ObjectName name;

    /** The MBean of a server's metrics (not registered yet). */
    public ServerMBean(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Registers the MBean of a server's metrics in the platform MBean server.
     *
     * @param context the web application's context path ({@code ""} or {@code "/"} for the root)
     * @param path the server's path, e.g. {@code /socket.io/}
     * @throws IllegalStateException when JMX refuses it
     */
    public static ServerMBean register(ServerMetrics metrics, String context, String path) {
        ServerMBean bean = new ServerMBean(metrics);
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName base = objectName(context, path);
        for (int instance = 1; ; instance++) {
            ObjectName candidate = instance == 1 ? base
                    : name(base.getCanonicalName() + ",instance=" + instance);
            try {
                jmx.registerMBean(bean, candidate);
                bean.name = candidate;
                return bean;
            } catch (InstanceAlreadyExistsException e) {
                // another server has this name: try the next instance number
            } catch (JMException e) {
                throw new IllegalStateException("cannot register the MBean " + candidate, e);
            }
        }
    }

    /** The name a server's MBean is registered under when no other server has it. */
    public static ObjectName objectName(String context, String path) {
        String c = context == null || context.isEmpty() ? "/" : context;
        return name(DOMAIN + ":type=SocketIoServer,context=" + ObjectName.quote(c) + ",path="
                + ObjectName.quote(path));
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The name it is registered under, or {@code null} when it is not. */
    public ObjectName name() {
        return name;
    }

    /** Unregisters it; does nothing when it is not registered. */
    public void unregister() {
        ObjectName n = name;
        name = null;
        if (n != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(n);
            } catch (InstanceNotFoundException e) {
                // gone already
            } catch (JMException e) {
                throw new IllegalStateException("cannot unregister the MBean " + n, e);
            }
        }
    }

    @Override
    public int getConnections() {
        return metrics.connections();
    }

    @Override
    public int getPollingConnections() {
        return metrics.connections(TransportType.POLLING);
    }

    @Override
    public int getWebSocketConnections() {
        return metrics.connections(TransportType.WEBSOCKET);
    }

    @Override
    public Map<String, Integer> getSockets() {
        return metrics.sockets();
    }

    @Override
    public int getSocketCount() {
        return sum(metrics.sockets());
    }

    @Override
    public Map<String, Integer> getRooms() {
        return metrics.rooms();
    }

    @Override
    public int getRoomCount() {
        return sum(metrics.rooms());
    }

    @Override
    public long getPollingHandshakes() {
        return metrics.handshakes(TransportType.POLLING);
    }

    @Override
    public long getWebSocketHandshakes() {
        return metrics.handshakes(TransportType.WEBSOCKET);
    }

    @Override
    public Map<String, Long> getRefusals() {
        Map<String, Long> out = new TreeMap<>();
        for (EngineError e : EngineError.values()) {
            out.put(key(e), metrics.refusals(e));
        }
        return out;
    }

    @Override
    public long getConnectsRefused() {
        return metrics.connectsRefused();
    }

    @Override
    public long getUpgrades() {
        return metrics.upgrades();
    }

    @Override
    public long getPollingPacketsIn() {
        return metrics.packetsIn(TransportType.POLLING);
    }

    @Override
    public long getWebSocketPacketsIn() {
        return metrics.packetsIn(TransportType.WEBSOCKET);
    }

    @Override
    public long getPollingPacketsOut() {
        return metrics.packetsOut(TransportType.POLLING);
    }

    @Override
    public long getWebSocketPacketsOut() {
        return metrics.packetsOut(TransportType.WEBSOCKET);
    }

    @Override
    public long getPollingBytesIn() {
        return metrics.bytesIn(TransportType.POLLING);
    }

    @Override
    public long getWebSocketBytesIn() {
        return metrics.bytesIn(TransportType.WEBSOCKET);
    }

    @Override
    public long getPollingBytesOut() {
        return metrics.bytesOut(TransportType.POLLING);
    }

    @Override
    public long getWebSocketBytesOut() {
        return metrics.bytesOut(TransportType.WEBSOCKET);
    }

    @Override
    public long getQueueOverflows() {
        return metrics.queueOverflows();
    }

    @Override
    public long getBacklogOverflows() {
        return metrics.backlogOverflows();
    }

    @Override
    public Map<String, Long> getCloses() {
        Map<String, Long> out = new TreeMap<>();
        for (CloseReason r : CloseReason.values()) {
            out.put(key(r), metrics.closes(r));
        }
        return out;
    }

    @Override
    public int getPendingAcks() {
        return metrics.pendingAcks();
    }

    @Override
    public long getAckTimeouts() {
        return metrics.ackTimeouts();
    }

    @Override
    public boolean isRecoveryEnabled() {
        return metrics.recoveryEnabled();
    }

    @Override
    public long getRecoveriesAttempted() {
        return metrics.recoveriesAttempted();
    }

    @Override
    public long getRecoveriesSucceeded() {
        return metrics.recoveriesSucceeded();
    }

    @Override
    public long getAdapterRequests() {
        return metrics.adapterRequests();
    }

    @Override
    public long getAdapterTimeouts() {
        return metrics.adapterTimeouts();
    }

    @Override
    public long getAdapterReconnects() {
        return metrics.adapterReconnects();
    }

    /** The lower-case name of a reason, as tags and map keys show it. */
    static String key(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static int sum(Map<String, Integer> counts) {
        int n = 0;
        for (int c : counts.values()) {
            n += c;
        }
        return n;
    }
}
