package io.github.socketiojakarta.engine;

/** The Engine.IO transports this server speaks, by their wire names. */
public enum TransportType {
    /** HTTP long-polling. */
    POLLING("polling"),
    /** WebSocket. */
    WEBSOCKET("websocket");

    private final String wireName;

    TransportType(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in the {@code transport} query parameter. */
    public String wireName() {
        return wireName;
    }

    /** The transport with this wire name, or {@code null}. */
    public static TransportType ofWireName(String name) {
        if ("polling".equals(name)) {
            return POLLING;
        }
        if ("websocket".equals(name)) {
            return WEBSOCKET;
        }
        return null;
    }
}
