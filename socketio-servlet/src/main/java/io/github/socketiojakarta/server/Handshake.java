package io.github.socketiojakarta.server;

import io.github.socketiojakarta.engine.EngineRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The details of the request that opened a socket's connection, and the auth payload of its
 * CONNECT packet: what middleware checks.
 *
 * @param headers the HTTP headers, names in lower case
 * @param issued when the connection was opened, epoch milliseconds
 * @param address the client's address
 * @param xdomain whether the request carried an Origin header (a cross-origin request)
 * @param secure whether it came over TLS
 * @param url the request path and query string, as received (the reference's {@code req.url})
 * @param query the query parameters
 * @param auth the CONNECT packet's auth payload ({@code {}} when none)
 * @param principal the authenticated user of the HTTP request, or {@code null}
 */
public record Handshake(
        Map<String, List<String>> headers,
        long issued,
        String address,
        boolean xdomain,
        boolean secure,
        String url,
        Map<String, String> query,
        Map<String, Object> auth,
        Principal principal) {

    /** Copies the maps. */
    public Handshake {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
        // most clients send no auth: share one empty map rather than copy an empty one
        auth = auth == null ? Map.of() : auth.isEmpty() ? java.util.Collections.emptyMap()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(auth));
    }

    static Handshake of(EngineRequest request, Map<String, Object> auth) {
        String url = request.rawQuery() == null || request.rawQuery().isEmpty() ? request.path()
                : request.path() + "?" + request.rawQuery();
        return new Handshake(request.headers(), request.time(), request.remoteAddress(),
                request.header("origin") != null, request.secure(), url, request.query(), auth,
                request.principal());
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** When the connection was opened. */
    public Instant time() {
        return Instant.ofEpochMilli(issued);
    }

    /** The plain-data form, with the reference's field names (for fetchSockets across nodes). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, v.size() == 1 ? v.get(0) : String.join(", ", v)));
        m.put("headers", h);
        m.put("time", time().toString());
        m.put("address", address);
        m.put("xdomain", xdomain);
        m.put("secure", secure);
        m.put("issued", issued);
        m.put("url", url);
        m.put("query", new LinkedHashMap<>(query));
        m.put("auth", new LinkedHashMap<>(auth));
        return m;
    }
}
