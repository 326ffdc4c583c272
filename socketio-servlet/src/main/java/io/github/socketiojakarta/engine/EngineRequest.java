package io.github.socketiojakarta.engine;

import java.security.Principal;
import java.util.List;
import java.util.Map;

/**
 * A container-neutral view of the HTTP request that opened (or continues) an Engine.IO session:
 * what the handshake hook and the Socket.IO handshake read. Built by the container binding.
 *
 * @param method the HTTP method
 * @param path the request path
 * @param query the decoded query parameters (first value of each)
 * @param rawQuery the query string as received (still encoded), or {@code null} when none
 * @param headers the headers, names in lower case
 * @param remoteAddress the client's address as the container reports it
 * @param secure whether the request came over TLS
 * @param principal the authenticated user of the request, or {@code null}
 * @param time the moment the request was received, in epoch milliseconds
 */
public record EngineRequest(
        String method,
        String path,
        Map<String, String> query,
        String rawQuery,
        Map<String, List<String>> headers,
        String remoteAddress,
        boolean secure,
        Principal principal,
        long time) {

    /** Copies the maps. */
    public EngineRequest {
        query = Map.copyOf(query);
        headers = Map.copyOf(headers);
    }

    /** The first value of a header (name in any case), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
