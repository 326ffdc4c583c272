package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.CorsOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Writes CORS headers for the polling transport. Stateless. */
final class Cors {
    private Cors() {}

    /** Adds the response headers for an actual (non-preflight) request. */
    static void apply(CorsOptions cors, HttpServletRequest req, HttpServletResponse resp) {
        if (cors == null) {
            return;
        }
        String origin = req.getHeader("Origin");
        resp.addHeader("Vary", "Origin");
        if (origin == null || !cors.allows(origin)) {
            return;
        }
        resp.setHeader("Access-Control-Allow-Origin", cors.anyOrigin() ? "*" : origin);
        if (cors.credentials()) {
            resp.setHeader("Access-Control-Allow-Credentials", "true");
        }
    }

    /**
     * Whether a request may proceed under the allowed-origin list: always when CORS is not
     * configured; otherwise when it has no Origin header (not a browser), comes from the
     * server's own origin, or from an allowed one. Applies to polling and WebSocket upgrades
     * alike (WebSocket is not protected by browsers' CORS: this is what stops cross-site
     * WebSocket hijacking).
     */
    static boolean originAllowed(CorsOptions cors, HttpServletRequest req) {
        if (cors == null) {
            return true;
        }
        String origin = req.getHeader("Origin");
        if (origin == null || cors.allows(origin)) {
            return true;
        }
        return origin.equalsIgnoreCase(ownOrigin(req));
    }

    private static String ownOrigin(HttpServletRequest req) {
        String scheme = req.getScheme();
        int port = req.getServerPort();
        boolean defaultPort = ("http".equals(scheme) && port == 80)
                || ("https".equals(scheme) && port == 443);
        return scheme + "://" + req.getServerName() + (defaultPort ? "" : ":" + port);
    }

    /** Answers a preflight (OPTIONS) request: 204 with the allowed methods and headers. */
    static void preflight(CorsOptions cors, HttpServletRequest req, HttpServletResponse resp) {
        apply(cors, req, resp);
        String origin = req.getHeader("Origin");
        if (origin != null && cors.allows(origin)) {
            resp.setHeader("Access-Control-Allow-Methods", String.join(",", cors.methods()));
            String asked = req.getHeader("Access-Control-Request-Headers");
            if (!cors.allowedHeaders().isEmpty()) {
                resp.setHeader("Access-Control-Allow-Headers", String.join(",", cors.allowedHeaders()));
            } else if (asked != null) {
                resp.setHeader("Access-Control-Allow-Headers", asked);
                resp.addHeader("Vary", "Access-Control-Request-Headers");
            }
            if (cors.maxAgeSeconds() >= 0) {
                resp.setHeader("Access-Control-Max-Age", Long.toString(cors.maxAgeSeconds()));
            }
        }
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
        resp.setContentLength(0);
    }
}
