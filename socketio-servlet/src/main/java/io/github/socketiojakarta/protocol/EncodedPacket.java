package io.github.socketiojakarta.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A packet on the wire: its text frame, then, for a binary packet, its attachments, which must be
 * sent right after the text, in order, with nothing else in between (one binary frame each on
 * WebSocket, one {@code b<base64>} packet each on polling).
 *
 * <p>Immutable; the attachment arrays must not be modified. One encoding may be sent to many
 * clients from several threads.
 *
 * @param text the Socket.IO text, without the Engine.IO {@code 4} prefix
 * @param attachments the binary attachments in {@code num} order; empty when not binary
 */
public record EncodedPacket(String text, List<byte[]> attachments) {

    /** Validates and copies the attachment list. */
    public EncodedPacket {
        Objects.requireNonNull(text, "text");
        attachments = List.copyOf(attachments);
    }

    /** Returns whether attachments follow the text. */
    public boolean binary() {
        return !attachments.isEmpty();
    }
}
