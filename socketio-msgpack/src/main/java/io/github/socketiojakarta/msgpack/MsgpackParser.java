package io.github.socketiojakarta.msgpack;

import io.github.socketiojakarta.protocol.DecoderLimits;
import io.github.socketiojakarta.protocol.SocketDecoder;
import io.github.socketiojakarta.protocol.SocketEncoding;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.protocol.SocketParser;
import io.github.socketiojakarta.protocol.ValueWriter;

/**
 * A parser wire-compatible with {@code socket.io-msgpack-parser} 3.x (Socket.IO protocol v5):
 * each packet is one msgpack map ({@code type}, {@code nsp}, {@code data}, {@code id}) sent as
 * one binary Engine.IO message, binaries inline as msgpack {@code bin}. Clients must use that
 * parser too ({@code io(url, { parser: require("socket.io-msgpack-parser") })}); a client using
 * the default parser gets its connection closed, as by the reference server.
 *
 * <pre>{@code
 * ServerOptions options = ServerOptions.builder().parser(new MsgpackParser()).build();
 * }</pre>
 * or the context parameter {@code socketio.parser=msgpack} (this class is a
 * {@link java.util.ServiceLoader} service of {@link SocketParser}).
 *
 * <p>Values: what the application emits is written as the reference's encoder (notepack.io)
 * writes JavaScript values: integral numbers as the smallest msgpack integer, other numbers as
 * float64, strings as str, {@code byte[]}/{@code ByteBuffer} as bin, maps, collections and
 * arrays as map/array, records and beans through the server's argument mapper (as JSON-B would
 * write them). What clients send reaches listeners as the same Java values as JSON does (see
 * {@link MsgpackReader}), with {@code byte[]} for binaries at any depth.
 *
 * <p>Immutable and thread-safe.
 */
public final class MsgpackParser implements SocketParser {

    /** The name the {@code socketio.parser} context parameter selects. */
    public static final String NAME = "msgpack";

    /** Creates the parser (a {@link java.util.ServiceLoader} service: public, no argument). */
    public MsgpackParser() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SocketEncoding encode(SocketPacket packet, ValueWriter fallback) {
        return new MsgpackEncoding(packet, fallback);
    }

    @Override
    public SocketDecoder newDecoder(DecoderLimits limits) {
        return new MsgpackDecoder(limits);
    }

    @Override
    public String toString() {
        return "MsgpackParser";
    }
}
