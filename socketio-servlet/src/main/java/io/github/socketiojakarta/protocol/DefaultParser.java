package io.github.socketiojakarta.protocol;

/**
 * The default parser: the Socket.IO v5 text format, binaries as attachments
 * ({@link PacketEncoder}, {@link PacketDecoder}), as the reference's {@code socket.io-parser}.
 * Encodings are {@link EncodedPacket}s, so a broadcast that asks for acks or a recovered packet
 * only gets a new header, never a second encoding of its arguments. Stateless and thread-safe.
 */
public final class DefaultParser implements SocketParser {

    /** The instance. */
    public static final DefaultParser INSTANCE = new DefaultParser();

    private DefaultParser() {
    }

    @Override
    public String name() {
        return "default";
    }

    @Override
    public EncodedPacket encode(SocketPacket packet, ValueWriter fallback) {
        return PacketEncoder.encode(packet, fallback);
    }

    @Override
    public PacketDecoder newDecoder(DecoderLimits limits) {
        return new PacketDecoder(limits);
    }

    @Override
    public String toString() {
        return "DefaultParser";
    }
}
