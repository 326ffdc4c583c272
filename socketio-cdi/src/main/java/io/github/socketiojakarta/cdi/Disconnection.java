package io.github.socketiojakarta.cdi;

import io.github.socketiojakarta.server.DisconnectReason;
import io.github.socketiojakarta.server.Socket;

/**
 * A socket disconnected: what {@code @Observes @Disconnected Disconnection d} receives.
 *
 * @param socket the socket (no longer connected, out of its rooms)
 * @param reason why, with the reference server's reason string
 */
public record Disconnection(Socket socket, DisconnectReason reason) {}
