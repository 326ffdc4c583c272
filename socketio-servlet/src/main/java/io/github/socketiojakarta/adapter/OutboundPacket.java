package io.github.socketiojakarta.adapter;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.protocol.EncodedPacket;
import io.github.socketiojakarta.protocol.PacketEncoder;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.protocol.ValueWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A Socket.IO packet encoded once into its Engine.IO frames (the text frame, then one binary
 * frame per attachment), handed as the same objects to every recipient. The packet itself stays
 * available for adapters that ship it elsewhere. Immutable and thread-safe.
 */
public final class OutboundPacket {
    private final SocketPacket packet;
    private final List<EnginePacket> frames;

    private OutboundPacket(SocketPacket packet, List<EnginePacket> frames) {
        this.packet = packet;
        this.frames = frames;
    }

    /**
     * Encodes a packet.
     *
     * @param writer writes argument types the codec does not know (records, beans), or null
     * @throws IllegalArgumentException when an argument cannot be written as JSON
     */
    public static OutboundPacket encode(SocketPacket packet, ValueWriter writer) {
        EncodedPacket encoded = writer == null ? PacketEncoder.encode(packet)
                : PacketEncoder.encode(packet, writer);
        List<EnginePacket> frames;
        if (encoded.attachments().isEmpty()) {
            frames = List.of(EnginePacket.message(encoded.text()));
        } else {
            List<EnginePacket> list = new ArrayList<>(1 + encoded.attachments().size());
            list.add(EnginePacket.message(encoded.text()));
            for (byte[] b : encoded.attachments()) {
                list.add(EnginePacket.binary(b));
            }
            frames = List.copyOf(list);
        }
        return new OutboundPacket(packet, frames);
    }

    /**
     * The same event under another ack id: the arguments are not encoded again, the text frame
     * gets a new header ({@link PacketEncoder#withAckId}) and the binary frames are the same
     * objects. How a broadcast that asks
     * for acks reaches each socket under an id of the socket's own.
     *
     * @throws IllegalStateException if this is not an event that asks for an ack
     */
    public OutboundPacket withAckId(long ackId) {
        if (!(packet instanceof SocketPacket.Event event) || !event.wantsAck()) {
            throw new IllegalStateException("not an event asking for an ack: " + packet);
        }
        if (ackId == event.ackId()) {
            return this;
        }
        String text = ((EnginePacket.TextMessage) frames.get(0)).text();
        List<EnginePacket> list = new ArrayList<>(frames);
        list.set(0, EnginePacket.message(PacketEncoder.withAckId(text, event, ackId)));
        return new OutboundPacket(new SocketPacket.Event(event.namespace(), event.args(), ackId),
                List.copyOf(list));
    }

    /** The packet. */
    public SocketPacket packet() {
        return packet;
    }

    /** Its Engine.IO frames, in order; never to be split or interleaved. */
    public List<EnginePacket> frames() {
        return frames;
    }
}
