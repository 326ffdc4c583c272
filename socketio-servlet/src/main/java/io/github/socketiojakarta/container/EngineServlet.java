package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.engine.EngineOptions;
import io.github.socketiojakarta.engine.EngineRequest;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.engine.TransportType;
import io.github.socketiojakarta.engine.binding.PollingLink;
import io.github.socketiojakarta.container.upgrade.WebSocketUpgrade;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Serves one {@link EngineServer} at its path: long-polling GETs and POSTs with async,
 * non-blocking servlet I/O, and WebSocket upgrades after every Engine.IO check has passed (so a
 * bad upgrade request gets a plain HTTP 400, not a WebSocket): through the servlet's own HTTP
 * upgrade ({@link WebSocketUpgrade}) or through JSR-356
 * ({@link ServerContainer#upgradeHttpToWebSocket}), as {@link WebSocketImpl} decides when the
 * servlet starts. Registered by {@link EngineBinding}.
 *
 * <p>Thread-safe: it holds no per-request state.
 */
final class EngineServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(EngineServlet.class.getName());

    private final transient Supplier<EngineServer> engines;
    /** How WebSockets are served, chosen at mount time ({@link WebSocketImpl#choose}). */
    private final WebSocketImpl webSocket;
    /** The servlet upgrade, or {@code null} when WebSockets go through JSR-356. */
    private transient WebSocketUpgrade servletUpgrade;

    /**
     * @param engines gives the engine to serve; called per request, so that the server behind
     *     it may be created on first use (see {@link EngineBinding#mount})
     * @param webSocket how WebSocket connections are served
     */
    EngineServlet(Supplier<EngineServer> engines, WebSocketImpl webSocket) {
        this.engines = engines;
        this.webSocket = webSocket;
    }

    @Override
    public void init() throws ServletException {
        WebSocketImpl impl = webSocket;
        if (impl == WebSocketImpl.SERVLET) {
            // chosen on Tomcat only (WebSocketImpl), whose listeners run on worker threads
            servletUpgrade = new WebSocketUpgrade();
        }
        LOG.log(Level.INFO, impl == WebSocketImpl.SERVLET
                ? "WebSocket at {0}: servlet upgrade to the library RFC 6455 implementation,"
                        + " non-blocking batched writes ({1}=jsr356 for JSR-356)"
                : WebSocketImpl.isTomcat(getServletContext())
                        ? "WebSocket at {0}: JSR-356 ({1}=servlet for the servlet upgrade)"
                        : "WebSocket at {0}: JSR-356",
                getServletName(), WebSocketImpl.PARAMETER);
    }

    @Override
    public void destroy() {
        if (servletUpgrade != null) {
            servletUpgrade.close();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp)
            throws ServletException, IOException {
        try {
            handle(req, resp);
        } catch (RuntimeException e) {
            // never a stack trace to the client
            LOG.log(Level.WARNING, "request failed", e);
            if (!resp.isCommitted()) {
                Responses.error(resp, 400, EngineError.BAD_REQUEST.json());
            }
        }
    }

    private void handle(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, ServletException {
        EngineServer engine = engines.get();
        EngineOptions options = engine.options();
        String method = req.getMethod();
        if ("OPTIONS".equals(method) && options.cors() != null) {
            Cors.preflight(options.cors(), req, resp);
            return;
        }
        Cors.apply(options.cors(), req, resp);
        boolean upgrade = "GET".equals(method)
                && "websocket".equalsIgnoreCase(req.getHeader("Upgrade"));
        if (!Cors.originAllowed(options.cors(), req)) {
            LOG.log(Level.DEBUG, "request from origin {0} refused", req.getHeader("Origin"));
            engine.countRefusal(EngineError.FORBIDDEN);
            if (upgrade) {
                Responses.text(resp, EngineError.FORBIDDEN.status(), EngineError.FORBIDDEN.message());
            } else {
                Responses.error(resp, EngineError.FORBIDDEN.status(), EngineError.FORBIDDEN.json());
            }
            return;
        }
        EngineRequest request = Requests.of(req, options.path());
        EngineServer.Rejection rejection = engine.check(request, upgrade);
        if (rejection != null) {
            if (upgrade) {
                Responses.text(resp, rejection.error().status(), rejection.text());
            } else {
                Responses.error(resp, rejection.error().status(), rejection.json());
            }
            return;
        }
        if (upgrade) {
            upgradeToWebSocket(engine, req, resp, request);
            return;
        }
        String sid = request.query().get("sid");
        PollingLink polling;
        if (sid == null) {
            polling = engine.openPolling(request);
            if (options.cookie() != null) {
                resp.addHeader("Set-Cookie", options.cookie().header(polling.sessionId()));
            }
        } else {
            polling = engine.polling(sid);
            if (polling == null) {
                Responses.error(resp, 400, EngineError.UNKNOWN_SID.json());
                return;
            }
        }
        if ("GET".equals(method)) {
            poll(req, resp, polling);
        } else if ("POST".equals(method)) {
            post(options, req, resp, polling);
        } else {
            Responses.error(resp, 400, EngineError.BAD_REQUEST.json());
        }
    }

    private void poll(HttpServletRequest req, HttpServletResponse resp, PollingLink polling)
            throws IOException {
        AsyncContext async = req.startAsync();
        async.setTimeout(0);
        PollResponse.start(async, resp).pollOn(polling);
    }

    private void post(EngineOptions options, HttpServletRequest req, HttpServletResponse resp,
            PollingLink polling)
            throws IOException {
        String type = req.getContentType();
        boolean binary = type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith(
                "application/octet-stream");
        if (binary && !polling.acceptsBinaryPosts()) {
            LOG.log(Level.DEBUG, "session {0}: binary POST refused", polling.sessionId());
            polling.fail();
            Responses.error(resp, 400, EngineError.BAD_REQUEST.json());
            return;
        }
        long length = req.getContentLengthLong();
        if (length > options.maxHttpBufferSize()) {
            LOG.log(Level.DEBUG, "session {0}: POST of {1} bytes refused", polling.sessionId(),
                    length);
            polling.fail();
            Responses.status(resp, 413);
            return;
        }
        EngineError error = polling.beginPost();
        if (error != null) {
            Responses.error(resp, error.status(), error.json());
            return;
        }
        AsyncContext async = req.startAsync();
        async.setTimeout(options.pingInterval().plus(options.pingTimeout()).toMillis());
        ServletInputStream in = req.getInputStream();
        PostReader reader = new PostReader(polling, async, in, resp, options.maxHttpBufferSize(),
                (int) Math.min(length, Integer.MAX_VALUE), binary);
        async.addListener(reader);
        in.setReadListener(reader);
    }

    private void upgradeToWebSocket(EngineServer engine, HttpServletRequest req,
            HttpServletResponse resp, EngineRequest request) throws IOException, ServletException {
        if (servletUpgrade != null) {
            String newSid = request.query().get("sid") == null ? EngineServer.newSessionId()
                    : null;
            var cookie = engine.options().cookie();
            Integer refused = servletUpgrade.upgrade(engine, req, resp, request, newSid,
                    newSid != null && cookie != null ? cookie.header(newSid) : null);
            if (refused != null) {
                Responses.text(resp, refused, EngineError.BAD_REQUEST.message());
            }
            return;
        }
        Object attr = getServletContext().getAttribute(ServerContainer.class.getName());
        if (!(attr instanceof ServerContainer container)) {
            LOG.log(Level.WARNING, "no WebSocket container in this web application");
            Responses.text(resp, 400, EngineError.UNKNOWN_TRANSPORT.message());
            return;
        }
        String newSid = request.query().get("sid") == null ? EngineServer.newSessionId() : null;
        // the endpoint is its own config (see EngineEndpoint): nothing else kept per connection
        EngineEndpoint endpoint = new EngineEndpoint(engine, request, newSid);
        try {
            // the container keeps the handshake's headers and query: give it the shared strings
            container.upgradeHttpToWebSocket(new UpgradeRequest(req, request), resp, endpoint,
                    Map.of());
        } catch (jakarta.websocket.DeploymentException e) {
            LOG.log(Level.WARNING, "WebSocket upgrade failed", e);
            Responses.text(resp, 400, EngineError.BAD_REQUEST.message());
        }
    }

}
