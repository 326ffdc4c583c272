package io.github.socketiojakarta.testing;

/** The three ways a client connects: polling only, WebSocket only, polling then upgrade. */
public enum TransportMode {
    /** {@code transports: ["polling"]} */
    POLLING("[\"polling\"]", true),
    /** {@code transports: ["websocket"]} */
    WEBSOCKET("[\"websocket\"]", false),
    /** {@code transports: ["polling", "websocket"]} with upgrade. */
    UPGRADE("[\"polling\",\"websocket\"]", true);

    private final String transportsJson;
    private final boolean startsWithPolling;

    TransportMode(String transportsJson, boolean startsWithPolling) {
        this.transportsJson = transportsJson;
        this.startsWithPolling = startsWithPolling;
    }

    /** The JSON array for the client's {@code transports} option. */
    public String transportsJson() {
        return transportsJson;
    }

    /** Whether the connection starts on long-polling. */
    public boolean startsWithPolling() {
        return startsWithPolling;
    }
}
