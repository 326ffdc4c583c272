package io.github.socketiojakarta.benchmarks.driver;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * Where and how the clients connect: the server's address, the protocol ({@code sio}: Socket.IO
 * at {@code /socket.io/}; {@code bare}: the bare JSR-356 endpoint at {@code /bare}, or the bare
 * long-polling servlet at {@code /bare-poll}), the transport ({@code websocket} or
 * {@code polling}) and the local source addresses
 * (clients take them in turn, to spread over more ephemeral ports).
 */
record Target(Loop loop, InetSocketAddress remote, String host, String path, String protocol,
        String transport, List<String> sources) {

    static Target of(Loop loop, String url, String protocol, String transport, List<String> sources) {
        URI uri = URI.create(url);
        String path = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")
                ? (!protocol.equals("bare") ? "/socket.io/"
                        : transport.equals("polling") ? "/bare-poll" : "/bare")
                : uri.getPath();
        return new Target(loop, new InetSocketAddress(uri.getHost(), uri.getPort()),
                uri.getHost() + ":" + uri.getPort(), path, protocol, transport, sources);
    }

    /** The local address of client {@code index}, or null for the system's choice. */
    InetSocketAddress local(int index) {
        if (sources.isEmpty()) {
            return null;
        }
        return new InetSocketAddress(sources.get(index % sources.size()), 0);
    }

    Client newClient(int index, Client.Listener listener) {
        if (protocol.equals("bare")) {
            return transport.equals("polling") ? new BarePollingClient(index, listener, this)
                    : new BareWsClient(index, listener, this);
        }
        return transport.equals("polling") ? new SioPollingClient(index, listener, this)
                : new SioWsClient(index, listener, this);
    }

    String label() {
        return protocol + "/" + transport;
    }
}
