package io.github.socketiojakarta.protocol;

import java.util.ArrayList;
import java.util.Collections;
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
public record EncodedPacket(String text, List<byte[]> attachments) implements SocketEncoding {

    /** Validates and copies the attachment list. */
    public EncodedPacket {
        Objects.requireNonNull(text, "text");
        attachments = List.copyOf(attachments);
    }

    /** Returns whether attachments follow the text. */
    public boolean binary() {
        return !attachments.isEmpty();
    }

    /** The text, then the attachments. */
    @Override
    public List<Object> messages() {
        if (attachments.isEmpty()) {
            return List.of(text);
        }
        List<Object> list = new ArrayList<>(1 + attachments.size());
        list.add(text);
        list.addAll(attachments);
        return Collections.unmodifiableList(list);
    }

    /** A new header ({@link PacketEncoder#withAckId}), the same attachments. */
    @Override
    public EncodedPacket withAckId(SocketPacket.Event event, long ackId) {
        String changed = PacketEncoder.withAckId(text, event, ackId);
        return changed.equals(text) ? this : new EncodedPacket(changed, attachments);
    }

    /** A new header ({@link PacketEncoder#withLastArgument}), the same attachments. */
    @Override
    public EncodedPacket withLastArgument(SocketPacket.Event event, String offset) {
        return new EncodedPacket(PacketEncoder.withLastArgument(text, offset), attachments);
    }
}
