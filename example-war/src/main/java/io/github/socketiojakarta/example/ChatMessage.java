package io.github.socketiojakarta.example;

/**
 * A text message as stored and sent to clients.
 *
 * @param kind always {@code "message"}
 * @param id server-assigned id
 * @param room the room
 * @param from the sender's nickname
 * @param text the text
 * @param time epoch milliseconds when the server accepted it
 * @param clientId the sender's own id for it (lets the sender match the ack), or null
 */
public record ChatMessage(String kind, String id, String room, String from, String text,
        long time, String clientId) {}
