package io.github.socketiojakarta.example;

/** What clients send, mapped with JSON-B. */
public final class Inputs {
    private Inputs() {}

    /**
     * A text message from a client.
     *
     * @param room the room
     * @param text the text
     * @param clientId the client's id for it
     */
    public record Say(String room, String text, String clientId) {}

    /**
     * The typing indicator.
     *
     * @param room the room
     * @param typing whether the user is typing
     */
    public record Typing(String room, boolean typing) {}

    /**
     * An image from a client (sent as binary).
     *
     * @param room the room
     * @param name the file name
     * @param type the MIME type
     * @param data the bytes
     * @param clientId the client's id for it
     */
    public record Image(String room, String name, String type, byte[] data, String clientId) {}
}
