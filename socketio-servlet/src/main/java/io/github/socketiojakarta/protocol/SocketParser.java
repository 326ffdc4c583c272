package io.github.socketiojakarta.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * How Socket.IO packets travel inside Engine.IO message packets: the reference server's
 * {@code parser} option. The server has one parser for all its namespaces and clients; nothing on
 * the wire announces it, so clients must use the same one (a client using another parser gets its
 * connection closed, as by the reference).
 *
 * <p>Two implementations exist: {@link DefaultParser} (the Socket.IO v5 text format with binary
 * attachments, the default) and, in the {@code socketio-msgpack} module, one wire-compatible with
 * {@code socket.io-msgpack-parser}. Other modules make theirs selectable by name (the
 * {@code socketio.parser} context parameter) by listing them as {@link ServiceLoader} services of
 * this interface (with a public no-argument constructor).
 *
 * <p>Values handed to the encoder and produced by decoders follow the value model of {@link Json}
 * plus {@code byte[]} (and, when encoding, {@link java.nio.ByteBuffer}) for binary data at any
 * depth: a listener sees the same Java values whatever the parser.
 *
 * <p><b>Threading:</b> implementations are immutable and thread-safe; {@link #encode} is called
 * concurrently, e.g. once per broadcast for many recipients. Each connection gets its own
 * {@link SocketDecoder}.
 */
public interface SocketParser {

    /** The name the {@code socketio.parser} context parameter selects, e.g. {@code default}. */
    String name();

    /**
     * Encodes a packet into the Engine.IO messages that carry it.
     *
     * @param fallback writes application objects the value model does not know (records, beans)
     *     as JSON; null to reject them
     * @throws IllegalArgumentException if a value cannot be encoded
     */
    SocketEncoding encode(SocketPacket packet, ValueWriter fallback);

    /**
     * A decoder for one client connection.
     *
     * @param limits the bounds to enforce on what the client sends
     */
    SocketDecoder newDecoder(DecoderLimits limits);

    /** The default parser, {@link DefaultParser#INSTANCE}. */
    static SocketParser defaultParser() {
        return DefaultParser.INSTANCE;
    }

    /**
     * The parser with this name: {@code default}, or one listed as a {@link ServiceLoader}
     * service by a module on the class path of {@code loader}.
     *
     * @throws IllegalArgumentException naming the available parsers, when none has that name
     */
    static SocketParser named(String name, ClassLoader loader) {
        Objects.requireNonNull(name, "name");
        if (name.equals(DefaultParser.INSTANCE.name())) {
            return DefaultParser.INSTANCE;
        }
        List<String> known = new ArrayList<>(List.of(DefaultParser.INSTANCE.name()));
        for (SocketParser p : ServiceLoader.load(SocketParser.class, loader)) {
            if (p.name().equals(name)) {
                return p;
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("no Socket.IO parser named \"" + name
                + "\" on the class path (available: " + String.join(", ", known) + ")");
    }
}
