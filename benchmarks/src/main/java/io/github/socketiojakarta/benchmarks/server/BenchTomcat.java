package io.github.socketiojakarta.benchmarks.server;

import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The embedded Tomcat 11 both Java bench servers run on: one NIO connector on loopback, one root
 * context with the JSR-356 container and the given initializer.
 *
 * <p>Tomcat settings (each overridable with the system property of the same name, all recorded
 * by {@link #settings()}):
 * <ul>
 *   <li>{@code bench.maxConnections} (default 20000): Tomcat's default of 8192 would queue the
 *       10,000-connection test;</li>
 *   <li>{@code bench.acceptCount} (default 511, the Node.js listen backlog);</li>
 *   <li>{@code bench.maxKeepAliveRequests} (default -1, unlimited, as Node.js): Tomcat's
 *       default of 100 ends a keep-alive connection with {@code Connection: close}, which the
 *       driver's long-polling connections do not follow;</li>
 *   <li>{@code bench.maxThreads} / {@code bench.minSpareThreads}: the connector's
 *       {@code maxThreads} / {@code minSpareThreads} (Tomcat defaults 200 and 10; unset here
 *       unless given; see "Connect rate" in the benchmarks' README);</li>
 *   <li>{@code bench.ws.textBufferSize} / {@code bench.ws.binaryBufferSize}: the
 *       {@code org.apache.tomcat.websocket.textBufferSize} / {@code binaryBufferSize} context
 *       parameters (Tomcat default 8192 each; unset here unless given);</li>
 *   <li>{@code bench.socket.appReadBufSize} / {@code bench.socket.appWriteBufSize}: the
 *       connector's {@code socket.appReadBufSize} / {@code socket.appWriteBufSize} (Tomcat
 *       default 8192 each; unset here unless given).</li>
 * </ul>
 * Tomcat's own {@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE} system property (8192 by
 * default: the frame input buffer and the two output buffers of every WebSocket session) is
 * read by Tomcat directly; pass it with {@code -D} to change it.
 *
 * <p>Not thread-safe; start once from {@code main}.
 */
public final class BenchTomcat {
    private final Tomcat tomcat;
    private final Connector connector;

    private BenchTomcat(int port, ServletContainerInitializer initializer) {
        try {
            Path base = Files.createTempDirectory("bench-tomcat");
            base.toFile().deleteOnExit();
            tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            connector = new Connector();
            connector.setPort(port);
            connector.setProperty("address", "127.0.0.1");
            connector.setProperty("maxConnections", property("bench.maxConnections", "20000"));
            connector.setProperty("acceptCount", property("bench.acceptCount", "511"));
            // Node keeps an HTTP connection alive for any number of requests; Tomcat closes it
            // after 100 by default ("Connection: close"), which the driver does not follow
            connector.setProperty("maxKeepAliveRequests",
                    property("bench.maxKeepAliveRequests", "-1"));
            setIfGiven(connector, "maxThreads", "bench.maxThreads");
            setIfGiven(connector, "minSpareThreads", "bench.minSpareThreads");
            setIfGiven(connector, "socket.appReadBufSize", "bench.socket.appReadBufSize");
            setIfGiven(connector, "socket.appWriteBufSize", "bench.socket.appWriteBufSize");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", base.toString());
            String text = System.getProperty("bench.ws.textBufferSize");
            if (text != null) {
                context.addParameter("org.apache.tomcat.websocket.textBufferSize", text);
            }
            String binary = System.getProperty("bench.ws.binaryBufferSize");
            if (binary != null) {
                context.addParameter("org.apache.tomcat.websocket.binaryBufferSize", binary);
            }
            context.addServletContainerInitializer(new WsSci(), null);
            context.addServletContainerInitializer(initializer, null);
            tomcat.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts Tomcat on {@code 127.0.0.1:port} (0: a free port) with the initializer. */
    public static BenchTomcat start(int port, ServletContainerInitializer initializer) {
        return new BenchTomcat(port, initializer);
    }

    /** The port Tomcat listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The Tomcat settings in force, for the record. */
    public static Map<String, String> settings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("maxConnections", property("bench.maxConnections", "20000"));
        m.put("acceptCount", property("bench.acceptCount", "511"));
        m.put("maxKeepAliveRequests", property("bench.maxKeepAliveRequests", "-1"));
        m.put("maxThreads", property("bench.maxThreads", "200 (default)"));
        m.put("minSpareThreads", property("bench.minSpareThreads", "10 (default)"));
        m.put("websocket.textBufferSize", property("bench.ws.textBufferSize", "8192 (default)"));
        m.put("websocket.binaryBufferSize", property("bench.ws.binaryBufferSize", "8192 (default)"));
        m.put("websocket.DEFAULT_BUFFER_SIZE",
                property("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE", "8192 (default)"));
        m.put("socket.appReadBufSize", property("bench.socket.appReadBufSize", "8192 (default)"));
        m.put("socket.appWriteBufSize", property("bench.socket.appWriteBufSize", "8192 (default)"));
        m.put("availableProcessors", String.valueOf(Runtime.getRuntime().availableProcessors()));
        return m;
    }

    /** Blocks until Tomcat stops. */
    public void await() {
        tomcat.getServer().await();
    }

    /** Stops Tomcat. */
    public void stop() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String property(String name, String fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static void setIfGiven(Connector connector, String tomcatName, String property) {
        String v = System.getProperty(property);
        if (v != null && !v.isBlank()) {
            connector.setProperty(tomcatName, v);
        }
    }
}
