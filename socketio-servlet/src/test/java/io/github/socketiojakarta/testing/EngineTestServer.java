package io.github.socketiojakarta.testing;

import io.github.socketiojakarta.container.EngineBinding;
import io.github.socketiojakarta.engine.CloseReason;
import io.github.socketiojakarta.engine.EngineListener;
import io.github.socketiojakarta.engine.EngineOptions;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.engine.EngineSession;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * One {@link EngineServer} mounted with {@link EngineBinding} on an embedded Tomcat
 * ({@link TestServer}, free loopback port): what the engine integration tests run against.
 *
 * <p>A filter in front of the engine's servlet counts the requests whose servlet call has
 * returned ({@link #served}). When a polling GET is counted, the engine holds it (or has
 * answered it); when a POST is counted, the engine has begun reading its body. Tests wait on
 * these counts instead of sleeping when they need a request to be in place before the next one.
 *
 * <p>Closing stops Tomcat, which closes the engine. Sessions the test left idle on polling are
 * dropped first so that the engine does not wait for their goodbye polls.
 *
 * <p>Thread-safe.
 */
public final class EngineTestServer implements AutoCloseable {

    /** The options the tests start from: default path, heartbeat far away. */
    public static EngineOptions.Builder quietOptions() {
        return EngineOptions.builder().pingInterval(Duration.ofSeconds(20))
                .pingTimeout(Duration.ofSeconds(10));
    }

    private final EngineServer engine;
    private final TestServer tomcat;
    private final Map<String, AtomicInteger> served = new ConcurrentHashMap<>();

    private EngineTestServer(EngineOptions options, EngineListener listener) {
        this.engine = new EngineServer(options, listener);
        String path = options.path();
        this.tomcat = TestServer.start((classes, ctx) -> {
            EngineBinding.install(ctx, engine);
            FilterRegistration.Dynamic f = ctx.addFilter("served-requests", new CountingFilter());
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path + "*");
        });
    }

    /**
     * Starts a server.
     *
     * @param options the engine settings
     * @param listener receives the engine's events
     * @return the running server; close it
     */
    public static EngineTestServer start(EngineOptions options, EngineListener listener) {
        return new EngineTestServer(options, listener);
    }

    /** The engine. */
    public EngineServer engine() {
        return engine;
    }

    /** The Tomcat port (loopback). */
    public int port() {
        return tomcat.port();
    }

    /** {@code http://127.0.0.1:<port><path>?<query>}. */
    public URI http(String query) {
        return URI.create("http://127.0.0.1:" + port() + engine.options().path()
                + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    /** {@code ws://127.0.0.1:<port><path>?<query>}. */
    public URI ws(String query) {
        return URI.create("ws://127.0.0.1:" + port() + engine.options().path()
                + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    /** The request target (path and query) for raw requests. */
    public String target(String query) {
        return engine.options().path() + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** A polling client for this server. */
    public PollingClient polling() {
        return new PollingClient(this);
    }

    /**
     * How many requests with this method and sid have returned from the servlet.
     *
     * @param method e.g. {@code "GET"}
     * @param sid the sid query parameter, or {@code null} for requests without one
     */
    public int served(String method, String sid) {
        AtomicInteger n = served.get(key(method, sid));
        return n == null ? 0 : n.get();
    }

    /** Whether the engine still knows this session. */
    public boolean hasSession(String sid) {
        return engine.session(sid) != null;
    }

    /**
     * Waits (up to 10 s) until the engine has dropped the session from its registry. The
     * listener's onClose may run a moment before that.
     */
    public void awaitSessionGone(String sid) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !hasSession(sid));
    }

    @Override
    public void close() {
        for (EngineSession s : engine.sessions()) {
            s.close(CloseReason.TRANSPORT_CLOSE);
        }
        tomcat.close();
        engine.close();
    }

    private static String key(String method, String sid) {
        return method + " " + (sid == null ? "" : sid);
    }

    private final class CountingFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            try {
                chain.doFilter(request, response);
            } finally {
                HttpServletRequest req = (HttpServletRequest) request;
                String sid = PollingClient.queryParam(req.getQueryString(), "sid");
                served.computeIfAbsent(key(req.getMethod(), sid), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }
    }
}
