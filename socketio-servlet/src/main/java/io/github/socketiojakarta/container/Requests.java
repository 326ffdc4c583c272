package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.EngineRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds the engine's view of a servlet request. Stateless. */
final class Requests {
    private Requests() {}

    static EngineRequest of(HttpServletRequest req) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Enumeration<String> names = req.getHeaderNames();
        while (names != null && names.hasMoreElements()) {
            String name = names.nextElement();
            List<String> values = new ArrayList<>(1);
            for (Enumeration<String> e = req.getHeaders(name); e.hasMoreElements(); ) {
                values.add(e.nextElement());
            }
            headers.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
                List<String> all = new ArrayList<>(a);
                all.addAll(b);
                return List.copyOf(all);
            });
        }
        return new EngineRequest(req.getMethod(), req.getRequestURI(), query(req.getQueryString()),
                headers, req.getRemoteAddr(), req.isSecure(), req.getUserPrincipal(),
                System.currentTimeMillis());
    }

    /**
     * Parses a query string without touching the request body (unlike getParameter on a POST).
     * The first value of a repeated name wins; malformed escapes keep the raw text.
     */
    static Map<String, String> query(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Collections.emptyMap();
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
                out.putIfAbsent(k, v);
            }
            if (amp < 0) {
                break;
            }
            from = amp + 1;
        }
        return out;
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
