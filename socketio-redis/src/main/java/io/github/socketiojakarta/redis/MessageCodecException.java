package io.github.socketiojakarta.redis;

/**
 * A message from Redis that cannot be read: malformed MessagePack or JSON, or a well-formed value
 * of the wrong shape for the adapter's protocol. The only exception the codecs throw on bad
 * input. Immutable.
 */
public final class MessageCodecException extends Exception {
    private static final long serialVersionUID = 1L;

    /** With a message. */
    public MessageCodecException(String message) {
        super(message);
    }

    /** With a message and the underlying failure. */
    public MessageCodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
