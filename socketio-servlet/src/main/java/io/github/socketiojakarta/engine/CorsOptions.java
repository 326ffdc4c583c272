package io.github.socketiojakarta.engine;

import java.util.List;
import java.util.Objects;

/**
 * Cross-origin settings for the long-polling transport. Off unless configured.
 *
 * @param origins allowed origins, exact matches like {@code https://example.com}; the single
 *     entry {@code "*"} allows any origin (and can never be combined with credentials)
 * @param credentials whether to send {@code Access-Control-Allow-Credentials: true}
 * @param methods the methods announced to preflights
 * @param allowedHeaders the request headers announced to preflights (empty: echo what the
 *     preflight asks for)
 * @param maxAgeSeconds how long a preflight may be cached ({@code -1}: no header)
 */
public record CorsOptions(
        List<String> origins,
        boolean credentials,
        List<String> methods,
        List<String> allowedHeaders,
        long maxAgeSeconds) {

    /** Checks the arguments; refuses {@code "*"} with credentials. */
    public CorsOptions {
        origins = List.copyOf(origins);
        methods = List.copyOf(methods);
        allowedHeaders = List.copyOf(allowedHeaders);
        if (origins.isEmpty()) {
            throw new IllegalArgumentException("CORS needs at least one allowed origin");
        }
        if (origins.contains("*") && origins.size() > 1) {
            throw new IllegalArgumentException("\"*\" cannot be mixed with named origins");
        }
        if (origins.contains("*") && credentials) {
            throw new IllegalArgumentException(
                    "CORS origin \"*\" cannot be combined with credentials; list the origins");
        }
    }

    /** Allows the given origins, GET/POST, no credentials. */
    public static CorsOptions allow(String... origins) {
        return new CorsOptions(List.of(origins), false, List.of("GET", "POST"), List.of(), -1);
    }

    /** A copy with credentials allowed. */
    public CorsOptions withCredentials() {
        return new CorsOptions(origins, true, methods, allowedHeaders, maxAgeSeconds);
    }

    /** Whether requests from {@code origin} are allowed. */
    public boolean allows(String origin) {
        Objects.requireNonNull(origin);
        return origins.contains("*") || origins.contains(origin);
    }

    /** Whether any origin is allowed. */
    public boolean anyOrigin() {
        return origins.contains("*");
    }
}
