package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.EngineRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the engine's view of a servlet request. Stateless.
 *
 * <p>The request of a session is kept for its whole life (the Socket.IO handshake exposes it),
 * so its strings are memory per connection: a header name, header value, query key or value,
 * method or path equal to a well-known one is replaced by one shared instance (the container
 * makes a new String for each on every call), a well-known header value gets one shared
 * single-value list, and the usual WebSocket handshake query shares one map. Values of headers
 * that repeat across clients (host, origin, user agent...) share the list of the last equal
 * value seen, through a small cache. What is unique to a request (a key, a cookie) is kept as
 * given. {@link UpgradeRequest} hands the same instances to the WebSocket container.
 */
final class Requests {
    private Requests() {}

    /** Well-known strings, each mapped to itself: the one instance requests share. */
    private static final Map<String, String> KNOWN = new HashMap<>();
    /** A single-value list per well-known header value. */
    private static final Map<String, List<String>> KNOWN_VALUES = new HashMap<>();
    /** Whole query strings that most WebSocket upgrades send, with their parsed forms. */
    private static final Map<String, KnownQuery> KNOWN_QUERIES = new HashMap<>();

    /**
     * A well-known query string: its one instance, its parameters as {@link #query} gives them
     * and as {@link HttpServletRequest#getParameterMap} gives them.
     */
    record KnownQuery(String raw, Map<String, String> query, Map<String, String[]> parameters) {}

    /** Header values repeated across connections (one host, a few browsers), shared. */
    private static final java.util.Set<String> REPEATED = java.util.Set.of(
            "host", "origin", "user-agent", "accept", "accept-encoding", "accept-language",
            "sec-websocket-extensions", "sec-websocket-protocol", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port", "via", "sec-ch-ua", "sec-ch-ua-platform");
    /**
     * The last single-value list seen per slot (value hash), for the headers in
     * {@link #REPEATED}. Racy by design: a lost update costs only sharing; the lists are
     * immutable, safely published through their final fields.
     */
    private static final List<?>[] RECENT = new List<?>[64];

    static {
        String[] names = {
            "host", "connection", "upgrade", "sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol", "user-agent", "origin", "accept",
            "accept-encoding", "accept-language", "cache-control", "pragma", "cookie", "referer",
            "content-type", "content-length", "authorization", "dnt", "te", "via", "priority",
            "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
            "x-forwarded-port", "x-real-ip", "x-requested-with", "sec-fetch-mode",
            "sec-fetch-site", "sec-fetch-dest", "sec-ch-ua", "sec-ch-ua-mobile",
            "sec-ch-ua-platform", "transfer-encoding", "content-encoding"};
        String[] values = {
            "websocket", "WebSocket", "Websocket", "upgrade", "Upgrade", "keep-alive", "Keep-Alive",
            "keep-alive, Upgrade", "Upgrade, keep-alive", "close", "13", "no-cache", "*/*",
            "permessage-deflate", "permessage-deflate; client_max_window_bits",
            "permessage-deflate; client_max_window_bits; server_max_window_bits=15",
            "gzip", "gzip, deflate", "gzip, deflate, br", "gzip, deflate, br, zstd", "identity",
            "same-origin", "same-site", "cross-site", "none", "empty", "cors", "?0", "?1",
            "\"Windows\"", "\"macOS\"", "\"Linux\"", "\"Android\"", "http", "https", "1",
            "text/plain;charset=UTF-8", "text/plain; charset=UTF-8", "text/plain"};
        String[] other = {
            "GET", "POST", "OPTIONS", "HEAD", "PUT", "DELETE", "PATCH",
            "EIO", "3", "4", "transport", "polling", "sid", "t", "b64", "j", ""};
        for (String[] group : List.of(names, values, other)) {
            for (String s : group) {
                KNOWN.putIfAbsent(s, s);
            }
        }
        for (String v : values) {
            KNOWN_VALUES.put(v, List.of(KNOWN.get(v)));
        }
        for (String eio : new String[] {"4", "3"}) {
            Map<String, String> query = Map.of("EIO", eio, "transport", "websocket");
            Map<String, String[]> parameters = Collections.unmodifiableMap(new LinkedHashMap<>(
                    Map.of("EIO", new String[] {eio}, "transport", new String[] {"websocket"})));
            for (String raw : new String[] {
                "EIO=" + eio + "&transport=websocket", "transport=websocket&EIO=" + eio}) {
                KNOWN_QUERIES.put(raw, new KnownQuery(raw, query, parameters));
            }
        }
    }

    /** The well-known query equal to {@code raw}, or {@code null}. */
    static KnownQuery knownQuery(String raw) {
        return raw == null ? null : KNOWN_QUERIES.get(raw);
    }

    /** {@code s}, or the shared instance of a well-known string equal to it. */
    static String known(String s) {
        if (s == null) {
            return null;
        }
        String k = KNOWN.get(s);
        return k != null ? k : s;
    }

    /**
     * @param knownPath the path the request is expected at (the engine's), shared when the
     *     request's equals it; or {@code null}
     */
    static EngineRequest of(HttpServletRequest req, String knownPath) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Enumeration<String> names = req.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            String lower = known(name.toLowerCase(Locale.ROOT));
            List<String> values = values(req.getHeaders(name), REPEATED.contains(lower));
            headers.merge(lower, values, (a, b) -> {
                List<String> all = new ArrayList<>(a);
                all.addAll(b);
                return List.copyOf(all);
            });
        }
        String path = req.getRequestURI();
        if (knownPath != null && knownPath.equals(path)) {
            path = knownPath;
        }
        String rawQuery = req.getQueryString();
        KnownQuery known = rawQuery == null ? null : knownQuery(rawQuery);
        return new EngineRequest(known(req.getMethod()), path,
                known != null ? known.query() : query(rawQuery),
                known != null ? known.raw() : rawQuery, headers, req.getRemoteAddr(),
                req.isSecure(), req.getUserPrincipal(), System.currentTimeMillis());
    }

    private static List<String> values(Enumeration<String> e, boolean repeated) {
        if (e == null || !e.hasMoreElements()) {
            return List.of();
        }
        String first = e.nextElement();
        if (!e.hasMoreElements()) {
            List<String> shared = KNOWN_VALUES.get(first);
            if (shared != null) {
                return shared;
            }
            return repeated ? recent(first) : List.of(known(first));
        }
        List<String> values = new ArrayList<>(2);
        values.add(known(first));
        while (e.hasMoreElements()) {
            values.add(known(e.nextElement()));
        }
        return List.copyOf(values);
    }

    /** A list of {@code value} alone, the one seen last for an equal value if still cached. */
    @SuppressWarnings("unchecked")
    private static List<String> recent(String value) {
        int h = value.hashCode();
        int slot = (h ^ (h >>> 16)) & (RECENT.length - 1);
        List<String> last = (List<String>) RECENT[slot];
        if (last != null && last.get(0).equals(value)) {
            return last;
        }
        List<String> list = List.of(value);
        RECENT[slot] = list;
        return list;
    }

    /**
     * Parses a query string without touching the request body (unlike getParameter on a POST).
     * The first value of a repeated name wins; malformed escapes keep the raw text. The result
     * is immutable.
     */
    static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Collections.emptyMap();
        }
        KnownQuery known = knownQuery(raw);
        if (known != null) {
            return known.query();
        }
        Map<String, String> out = new LinkedHashMap<>();
        int from = 0;
        while (from <= raw.length()) {
            int amp = raw.indexOf('&', from);
            int to = amp < 0 ? raw.length() : amp;
            if (to > from) {
                int eq = raw.indexOf('=', from);
                String k;
                String v;
                if (eq < 0 || eq > to) {
                    k = decode(raw.substring(from, to));
                    v = "";
                } else {
                    k = decode(raw.substring(from, eq));
                    v = decode(raw.substring(eq + 1, to));
                }
                out.putIfAbsent(known(k), known(v));
            }
            if (amp < 0) {
                break;
            }
            from = amp + 1;
        }
        return Map.copyOf(out);
    }

    private static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
