package io.github.socketiojakarta.protocol;

/**
 * Decodes what one client sends, message by message, into {@link SocketPacket}s, validating
 * everything: the server closes the connection on a {@link ParseException}. Made by
 * {@link SocketParser#newDecoder}, one per connection.
 *
 * <p><b>Threading:</b> not thread-safe. The caller serialises all calls for a connection (the
 * transport delivers a connection's messages one at a time and in order).
 */
public interface SocketDecoder {

    /**
     * Decodes a text message (without the Engine.IO {@code 4} prefix).
     *
     * @return the packet, or null when more messages are needed to complete it
     * @throws ParseException if the message breaks the protocol; the decoder is then reset
     */
    SocketPacket decodeText(String message) throws ParseException;

    /**
     * Decodes a binary message. The decoder may keep {@code data} (no copy): the caller must not
     * modify it afterwards.
     *
     * @return the packet, or null when more messages are needed to complete it
     * @throws ParseException if the message breaks the protocol; the decoder is then reset
     */
    SocketPacket decodeBinary(byte[] data) throws ParseException;

    /** Drops any partially received packet, e.g. when the connection closes. */
    void reset();
}
