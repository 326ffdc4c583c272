package io.github.socketiojakarta.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.awaitility.Awaitility;

/**
 * The hardening tests' server: a {@link SocketIoServer} mounted on an embedded Tomcat (free
 * loopback port) the way an application mounts it, with a filter counting the requests whose
 * servlet call returned (a counted polling GET is held by the engine; a counted POST has begun
 * reading its body), the disconnect reasons of every socket of {@code /}, and the leak checks:
 * engine registry, timer queue, namespace sockets, adapter rooms.
 */
final class HardServer implements AutoCloseable {
    final SocketIoServer io;
    private final TestServer tomcat;
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> reasons = new ConcurrentHashMap<>();

    /**
     * Starts a server whose sockets of {@code /} join the room {@code "r-<socket id>"} and the
     * room {@code "all"}, answer {@code echo} with their arguments as ack, and record their
     * disconnect reason.
     */
    HardServer(Consumer<ServerOptions.Builder> options, Consumer<SocketIoServer> setup) {
        this(options, setup, c -> { });
    }

    /** As above, after setting properties of Tomcat's connector before it starts. */
    HardServer(Consumer<ServerOptions.Builder> options, Consumer<SocketIoServer> setup,
            Consumer<Connector> connector) {
        ServerOptions.Builder b = ServerOptions.builder();
        options.accept(b);
        io = SocketIoServer.create(b.build());
        io.onConnection(socket -> {
            socket.join("r-" + socket.id(), "all");
            socket.onDisconnect((s, r) -> reason(s.id()).complete(r.reason()));
            socket.on("echo", e -> e.ack(e.args().values().toArray()));
        });
        setup.accept(io);
        String path = io.engine().options().path();
        TestServer started = null;
        try {
            started = TestServer.startWith(connector, (classes, ctx) -> {
                SocketIo.install(ctx, io);
                FilterRegistration.Dynamic f = ctx.addFilter("served", new Counting());
                f.setAsyncSupported(true);
                f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path + "*");
            });
        } finally {
            if (started == null) {
                io.close();
            }
        }
        tomcat = started;
    }

    int port() {
        return tomcat.port();
    }

    /** The connector's {@code maxConnections} ({@code -1}: no limit). */
    int maxConnections() {
        return tomcat.connector().getProtocolHandler() instanceof AbstractProtocol<?> p
                ? p.getMaxConnections() : -1;
    }

    /** How many TCP connections the connector holds now (or -1 if it cannot tell). */
    long connectorConnections() {
        return tomcat.connector().getProtocolHandler() instanceof AbstractProtocol<?> p
                ? p.getConnectionCount() : -1;
    }

    /** The disconnect reason of the socket of {@code /} with this id (completes later). */
    CompletableFuture<String> reason(String socketId) {
        return reasons.computeIfAbsent(socketId, k -> new CompletableFuture<>());
    }

    String reasonOf(String socketId) throws Exception {
        return reason(socketId).get(10, TimeUnit.SECONDS);
    }

    /** How many requests with this method and sid returned from the servlet. */
    int served(String method, String sid) {
        AtomicInteger n = served.get(method + " " + sid);
        return n == null ? 0 : n.get();
    }

    /** Waits until the engine has a request with this method and sid in hand. */
    void awaitServed(String method, String sid, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> served(method, sid) >= count);
    }

    InMemoryAdapter adapter() {
        return (InMemoryAdapter) io.sockets().adapter();
    }

    /** Checks that the socket and its session are gone from every table. */
    void assertGone(String engineSid, String socketId) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> io.engine().session(engineSid) == null);
        Namespace root = io.sockets();
        assertThat(root.sockets()).doesNotContainKey(socketId);
        assertThat(adapter().rooms()).doesNotContain("r-" + socketId, socketId);
    }

    /**
     * Checks that nothing is left: no session, no socket of {@code /}, no room, no timer.
     * Call after every client is gone.
     */
    void assertNothingLeft() {
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(io.engine().sessionCount()).as("sessions").isZero();
            assertThat(io.sockets().sockets()).as("sockets of /").isEmpty();
            assertThat(adapter().rooms()).as("rooms").isEmpty();
            assertThat(io.engine().pendingTimers()).as("pending timers").isZero();
        });
    }

    @Override
    public void close() {
        try {
            tomcat.close();
        } finally {
            io.close();
        }
    }

    private static String sidOf(String query) {
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("sid=")) {
                    return pair.substring(4);
                }
            }
        }
        return null;
    }

    private final class Counting implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            try {
                chain.doFilter(request, response);
            } finally {
                HttpServletRequest req = (HttpServletRequest) request;
                String sid = sidOf(req.getQueryString());
                served.computeIfAbsent(req.getMethod() + " " + sid, k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }
    }
}
