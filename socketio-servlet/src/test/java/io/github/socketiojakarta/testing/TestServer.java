package io.github.socketiojakarta.testing;

import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * An embedded Tomcat 11 on a free port (or a given one) with one root web application, the
 * JSR-356 container, and the given initializers: what the integration tests and the fixtures
 * run on. Close it to stop Tomcat.
 */
public final class TestServer implements AutoCloseable {
    private final Tomcat tomcat;
    private final Context context;
    private final int port;

    private TestServer(int port, Consumer<Connector> connectorSetup,
            Consumer<Context> contextSetup, ServletContainerInitializer... initializers) {
        try {
            Path base = Files.createTempDirectory("socketio-tomcat");
            tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            Connector connector = new Connector();
            connector.setPort(port);
            connector.setProperty("address", "127.0.0.1");
            connectorSetup.accept(connector);
            tomcat.setConnector(connector);
            context = tomcat.addContext("", base.toString());
            contextSetup.accept(context);
            context.addServletContainerInitializer(new WsSci(), null);
            for (ServletContainerInitializer sci : initializers) {
                context.addServletContainerInitializer(sci, null);
            }
            try {
                tomcat.start();
            } catch (LifecycleException e) {
                stopQuietly(tomcat); // a failed start leaves no connector or thread behind
                throw e;
            }
            this.port = connector.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stopQuietly(Tomcat tomcat) {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException | RuntimeException ignored) {
            // the start's failure is the one to report
        }
    }

    /** Starts Tomcat on a free port with the initializers. */
    public static TestServer start(ServletContainerInitializer... initializers) {
        return new TestServer(0, c -> { }, c -> { }, initializers);
    }

    /**
     * Starts Tomcat on a free port with the initializers, after letting the caller set
     * properties of the connector (such as {@code maxConnections}) before it starts.
     */
    public static TestServer startWith(Consumer<Connector> connectorSetup,
            ServletContainerInitializer... initializers) {
        return new TestServer(0, connectorSetup, c -> { }, initializers);
    }

    /**
     * Starts Tomcat on a free port with the initializers, after letting the caller set up the
     * web application's context (such as its {@code web.xml} context parameters) first.
     */
    public static TestServer startWithContext(Consumer<Context> contextSetup,
            ServletContainerInitializer... initializers) {
        return new TestServer(0, c -> { }, contextSetup, initializers);
    }

    /** Starts Tomcat on the given port with the initializers. */
    public static TestServer start(int port, ServletContainerInitializer... initializers) {
        return new TestServer(port, c -> { }, c -> { }, initializers);
    }

    /** The port Tomcat listens on (loopback). */
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The HTTP connector (its properties, such as {@code maxConnections}, can be read). */
    public Connector connector() {
        return tomcat.getConnector();
    }

    /** The web application's context. */
    public Context context() {
        return context;
    }

    /** Blocks until Tomcat stops. */
    public void await() {
        tomcat.getServer().await();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
