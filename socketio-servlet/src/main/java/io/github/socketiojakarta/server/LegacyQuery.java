package io.github.socketiojakarta.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The auth of a Socket.IO v2 client's CONNECT to a namespace: the query after the namespace
 * ({@code 40/chat?token=abc&x=1,}), as the reference reads it: every value a string, a repeated
 * name keeping its last value, {@code +} a space, percent escapes decoded as UTF-8 (a malformed
 * one kept as written).
 *
 * <p>Stateless and thread-safe.
 */
final class LegacyQuery {
    /** The most parameters read from one query (a bound on work and memory). */
    private static final int MAX_PARAMETERS = 1000;

    private LegacyQuery() {}

    /** The parameters of {@code query} (without its {@code ?}), in order. */
    static Map<String, Object> parse(String query) {
        Map<String, Object> auth = new LinkedHashMap<>();
        if (query.isEmpty()) {
            return auth;
        }
        int count = 0;
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (++count > MAX_PARAMETERS) {
                break;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            auth.put(name, value);
        }
        return auth;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s.replace('+', ' ');
        }
    }
}
