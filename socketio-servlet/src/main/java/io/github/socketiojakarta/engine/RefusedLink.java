package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.binding.WebSocketLink;

/**
 * The link of a WebSocket connection the engine refused (unknown sid, no upgrade possible,
 * server closing): it has no session and ignores every event but an oversized message, which
 * closes the connection with 1009. Immutable, so thread-safe.
 *
 * @param channel the refused connection
 */
record RefusedLink(WebSocketChannel channel) implements WebSocketLink {

    @Override
    public String sessionId() {
        return null;
    }

    @Override
    public void onText(String text) {}

    @Override
    public void onBinary(byte[] data) {}

    @Override
    public void onTooBig() {
        channel.close(1009, "message too big");
    }

    @Override
    public void onClose() {}

    @Override
    public void onError(Throwable error) {}
}
