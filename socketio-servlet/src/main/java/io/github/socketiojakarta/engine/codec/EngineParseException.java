package io.github.socketiojakarta.engine.codec;

/**
 * A packet or payload that does not follow the Engine.IO v4 format. The message says what was
 * wrong without echoing the (possibly large) input.
 */
public final class EngineParseException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong
     */
    public EngineParseException(String message) {
        super(message, null, false, false);
    }
}
