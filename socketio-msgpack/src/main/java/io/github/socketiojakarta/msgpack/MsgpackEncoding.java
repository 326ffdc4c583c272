package io.github.socketiojakarta.msgpack;

import io.github.socketiojakarta.protocol.SocketEncoding;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.protocol.ValueWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One packet as one msgpack map in one binary message. The ack id and the recovery offset live
 * inside the map, so {@link #withAckId} and {@link #withLastArgument} encode the event again
 * (with the same fallback writer). Immutable and thread-safe.
 */
final class MsgpackEncoding implements SocketEncoding {
    private final ValueWriter fallback;
    private final byte[] bytes;

    MsgpackEncoding(SocketPacket packet, ValueWriter fallback) {
        this.fallback = fallback;
        this.bytes = MsgpackWriter.packet(packet, fallback);
    }

    /** The encoded map. */
    byte[] bytes() {
        return bytes;
    }

    @Override
    public List<Object> messages() {
        return List.of(bytes);
    }

    @Override
    public SocketEncoding withAckId(SocketPacket.Event event, long ackId) {
        if (!event.wantsAck()) {
            throw new IllegalStateException("not an event asking for an ack: " + event);
        }
        return new MsgpackEncoding(new SocketPacket.Event(event.namespace(), event.args(), ackId),
                fallback);
    }

    @Override
    public SocketEncoding withLastArgument(SocketPacket.Event event, String offset) {
        List<Object> args = new ArrayList<>(event.args().size() + 1);
        args.addAll(event.args());
        args.add(offset);
        return new MsgpackEncoding(new SocketPacket.Event(event.namespace(), args, event.ackId()),
                fallback);
    }
}
