package io.github.socketiojakarta.testing;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the server's log lines (java.util.logging under {@code io.github.socketiojakarta},
 * every level) while open, to check that a fault is logged.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("io.github.socketiojakarta");
    private final Level previous;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Starts collecting. */
    public LogCapture() {
        previous = logger.getLevel();
        setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** Whether a line mentions the text (e.g. a session id) and contains the words. */
    public boolean has(String mention, String words) {
        return lines.stream().anyMatch(l -> l.contains(mention) && l.contains(words));
    }

    /** The first line at this level or above, or null. */
    public String firstAtLeast(Level level) {
        return lines.stream().filter(l -> Level.parse(l.substring(0, l.indexOf(' '))).intValue()
                >= level.intValue()).findFirst().orElse(null);
    }

    /** Every line so far, for failure messages. */
    public String all() {
        return String.join("\n", lines);
    }

    @Override
    public void publish(LogRecord record) {
        String text = record.getMessage();
        Object[] params = record.getParameters();
        if (text != null && params != null && params.length > 0) {
            try {
                text = MessageFormat.format(text, params);
            } catch (IllegalArgumentException ignored) {
                // keep the raw message
            }
        }
        lines.add(record.getLevel() + " " + text);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(previous);
    }
}
