package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.EngineRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request handed to {@link jakarta.websocket.server.ServerContainer#upgradeHttpToWebSocket}:
 * the servlet request, whose header names and values, query string and parameters come from the
 * instances {@link Requests} already made shared. The container copies these into the state it
 * keeps for the life of the connection (Tomcat keeps the handshake request's headers and
 * parameters, and the query string); from the plain request it would keep its own new Strings,
 * memory per idle connection. The content is the same: the headers as the engine's view has
 * them (names in lower case, which header lookups ignore), and the query's own string and
 * parameters when it is a well-known one. Everything else goes to the wrapped request.
 */
final class UpgradeRequest extends HttpServletRequestWrapper {
    private final EngineRequest view;

    UpgradeRequest(HttpServletRequest request, EngineRequest view) {
        super(request);
        this.view = view;
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        // not keySet(): the kept map would cache that view, 16 bytes per connection
        List<String> names = new ArrayList<>(view.headers().size());
        for (Map.Entry<String, List<String>> e : view.headers().entrySet()) {
            names.add(e.getKey());
        }
        return Collections.enumeration(names);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        List<String> values = view.headers().get(name.toLowerCase(Locale.ROOT));
        return values == null ? Collections.emptyEnumeration() : Collections.enumeration(values);
    }

    @Override
    public String getQueryString() {
        String raw = super.getQueryString();
        Requests.KnownQuery known = Requests.knownQuery(raw);
        return known != null ? known.raw() : raw;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        Requests.KnownQuery known = Requests.knownQuery(super.getQueryString());
        return known != null ? known.parameters() : super.getParameterMap();
    }
}
