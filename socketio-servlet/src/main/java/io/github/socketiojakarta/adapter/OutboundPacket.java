package io.github.socketiojakarta.adapter;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.protocol.DefaultParser;
import io.github.socketiojakarta.protocol.EncodedPacket;
import io.github.socketiojakarta.protocol.PacketEncoder;
import io.github.socketiojakarta.protocol.SocketEncoding;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.protocol.SocketParser;
import io.github.socketiojakarta.protocol.ValueWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A Socket.IO packet encoded once, by the server's {@link SocketParser}, into its Engine.IO
 * frames (with the default parser: the text frame, then one binary frame per attachment; with
 * msgpack: one binary frame), handed as the same objects to every recipient. The packet itself
 * stays available for adapters that ship it elsewhere. Immutable and thread-safe.
 */
public final class OutboundPacket {
    private final SocketPacket packet;
    private final SocketEncoding encoding;
    private final List<EnginePacket> frames;

    /**
     * @param previous the packet this one derives from: its frames are reused where the
     *     message is the same object (the attachments of a renumbered event), or null
     */
    private OutboundPacket(SocketPacket packet, SocketEncoding encoding, OutboundPacket previous) {
        this.packet = packet;
        this.encoding = encoding;
        if (encoding instanceof EncodedPacket e && !e.binary()) {
            // the default parser's common case, without the messages list
            frames = List.of(EnginePacket.message(e.text()));
            return;
        }
        List<Object> messages = encoding.messages();
        if (messages.size() == 1) {
            frames = List.of(frame(messages.get(0)));
        } else {
            List<EnginePacket> list = new ArrayList<>(messages.size());
            for (int i = 0; i < messages.size(); i++) {
                Object m = messages.get(i);
                EnginePacket old = previous != null && i < previous.frames.size()
                        ? previous.frames.get(i) : null;
                list.add(old instanceof EnginePacket.BinaryMessage b && b.data() == m ? old
                        : frame(m));
            }
            frames = List.copyOf(list);
        }
    }

    private static EnginePacket frame(Object message) {
        if (message instanceof String text) {
            return EnginePacket.message(text);
        }
        if (message instanceof byte[] data) {
            return EnginePacket.binary(data);
        }
        throw new IllegalStateException("a parser's message is a String or a byte[]: " + message);
    }

    /**
     * Encodes a packet with the default parser ({@link DefaultParser}).
     *
     * @param writer writes argument types the codec does not know (records, beans), or null
     * @throws IllegalArgumentException when an argument cannot be written as JSON
     */
    public static OutboundPacket encode(SocketPacket packet, ValueWriter writer) {
        return encode(packet, DefaultParser.INSTANCE, writer);
    }

    /**
     * Encodes a packet with a parser; adapters get the server's through
     * {@link NamespaceHandle#encode}.
     *
     * @param writer writes argument types the codec does not know (records, beans), or null
     * @throws IllegalArgumentException when an argument cannot be encoded
     */
    public static OutboundPacket encode(SocketPacket packet, SocketParser parser,
            ValueWriter writer) {
        return new OutboundPacket(packet, parser.encode(packet, writer), null);
    }

    /**
     * The same event under another ack id: with the default parser the arguments are not
     * encoded again, the text frame gets a new header ({@link PacketEncoder#withAckId}) and the
     * binary frames are the same objects. How a broadcast that asks for acks reaches each socket
     * under an id of the socket's own.
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
        return new OutboundPacket(new SocketPacket.Event(event.namespace(), event.args(), ackId),
                encoding.withAckId(event, ackId), this);
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
     * recovery sends a stored packet: with the default parser the arguments are not encoded
     * again and the binary frames are the same objects.
     *
     * @param offset the offset, or {@code null} (JSON {@code null}, what the reference's
     *     sharded adapter appends on the nodes that receive a broadcast)
     * @throws IllegalStateException if this is not an event
     */
    public OutboundPacket withOffset(String offset) {
        if (!(packet instanceof SocketPacket.Event event)) {
            throw new IllegalStateException("not an event: " + packet);
        }
        List<Object> args = new ArrayList<>(event.args().size() + 1);
        args.addAll(event.args());
        args.add(offset);
        return new OutboundPacket(new SocketPacket.Event(event.namespace(), args, event.ackId()),
                encoding.withLastArgument(event, offset), this);
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
