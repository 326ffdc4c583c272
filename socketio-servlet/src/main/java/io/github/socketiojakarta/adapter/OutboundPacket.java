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

    /**
     * Whether connection state recovery stores this packet, sent with these options, and gives
     * it an offset: an event that asks for no ack and is not volatile (as in the reference).
     */
    public boolean recoverable(BroadcastOptions options) {
        return packet instanceof SocketPacket.Event event && !event.wantsAck()
                && !options.isVolatile();
    }

    /**
     * The same event with {@code offset} appended as its last argument, as connection state
     * recovery sends a stored packet: the arguments are not encoded again and the binary frames
     * are the same objects.
     *
     * @param offset the offset, or {@code null} (JSON {@code null}, what the reference's
     *     sharded adapter appends on the nodes that receive a broadcast)
     * @throws IllegalStateException if this is not an event
     */
    public OutboundPacket withOffset(String offset) {
        if (!(packet instanceof SocketPacket.Event event)) {
            throw new IllegalStateException("not an event: " + packet);
        }
        String text = ((EnginePacket.TextMessage) frames.get(0)).text();
        List<EnginePacket> list = new ArrayList<>(frames);
        list.set(0, EnginePacket.message(PacketEncoder.withLastArgument(text, offset)));
        List<Object> args = new ArrayList<>(event.args().size() + 1);
        args.addAll(event.args());
        args.add(offset);
        return new OutboundPacket(new SocketPacket.Event(event.namespace(), args, event.ackId()),
                List.copyOf(list));
    }

    /** The encoded size: the text frame's characters plus the binary frames' bytes. */
    public long size() {
        long n = 0;
        for (EnginePacket f : frames) {
            if (f instanceof EnginePacket.TextMessage t) {
                n += t.text().length();
            } else if (f instanceof EnginePacket.BinaryMessage b) {
                n += b.data().length;
            }
        }
        return n;
    }
}
