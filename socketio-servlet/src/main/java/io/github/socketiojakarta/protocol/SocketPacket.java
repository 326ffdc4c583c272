package io.github.socketiojakarta.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Socket.IO v5 packet, as the server layer sees it.
 *
 * <p>Encode with {@link PacketEncoder}, decode with {@link PacketDecoder}. Values inside packets are
 * plain Java values as described in {@link Json}, plus {@code byte[]} (and, when encoding,
 * {@link java.nio.ByteBuffer}) for binary data: an {@link Event} or {@link Ack} containing binaries
 * is sent as {@link SocketPacketType#BINARY_EVENT} / {@link SocketPacketType#BINARY_ACK}, and decoded binary
 * packets come back as {@code Event}/{@code Ack} with {@code byte[]} where the placeholders were.
 *
 * <p>The namespace is never null, starts with {@code "/"} ({@link #MAIN_NAMESPACE} by default) and
 * contains no {@code ','} (it would end the namespace on the wire). Records copy their top-level
 * list or map into an unmodifiable one; nested values are not copied and must not be mutated once
 * the packet is handed over. Since {@code byte[]} compares by identity, {@code equals} of packets
 * with binaries compares attachments by identity. Packets are immutable (shallowly) and may be
 * shared between threads, e.g. to broadcast one packet.
 */
public sealed interface SocketPacket {

    /** The main namespace. */
    String MAIN_NAMESPACE = "/";

    /** The {@code ackId} of an event that does not ask for an acknowledgement. */
    long NO_ACK = -1;

    /** The largest ack id: {@code 2^53 - 1}, the largest integer a JavaScript peer holds exactly. */
    long MAX_ACK_ID = (1L << 53) - 1;

    /**
     * Event names a client may not send, because the reference server uses them for its own
     * lifecycle: connect, connect_error, disconnect, disconnecting, newListener, removeListener.
     */
    Set<String> RESERVED_EVENTS = Set.of(
            "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");

    /** Returns the namespace this packet belongs to. */
    String namespace();

    /**
     * Returns the packet's type, never a {@code BINARY_*} one: whether an event or ack is sent as
     * binary depends on its arguments and is decided by the encoder.
     */
    SocketPacketType type();

    /**
     * Connection to a namespace.
     *
     * @param namespace the namespace
     * @param data from a client the auth payload, from the server e.g. {@code {"sid":".."}};
     *     null when absent
     */
    record Connect(String namespace, Map<String, Object> data) implements SocketPacket {
        /** Validates the namespace and copies the map. */
        public Connect {
            checkNamespace(namespace);
            data = data == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(data));
        }

        /** A connection request without payload. */
        public Connect(String namespace) {
            this(namespace, null);
        }

        @Override
        public SocketPacketType type() {
            return SocketPacketType.CONNECT;
        }
    }

    /**
     * Disconnection from a namespace.
     *
     * @param namespace the namespace
     */
    record Disconnect(String namespace) implements SocketPacket {
        /** Validates the namespace. */
        public Disconnect {
            checkNamespace(namespace);
        }

        @Override
        public SocketPacketType type() {
            return SocketPacketType.DISCONNECT;
        }
    }

    /**
     * An event.
     *
     * @param namespace the namespace
     * @param args the event name (a String, or a Number as some clients send) followed by the
     *     arguments; not empty; elements may be null
     * @param ackId the id the receiver must acknowledge with, or {@link #NO_ACK}
     */
    record Event(String namespace, List<Object> args, long ackId) implements SocketPacket {
        /** Validates and copies the arguments. */
        public Event {
            checkNamespace(namespace);
            args = copy(args);
            if (args.isEmpty()) {
                throw new IllegalArgumentException("an event needs at least its name");
            }
            Object name = args.get(0);
            if (!(name instanceof String) && !(name instanceof Number)) {
                throw new IllegalArgumentException("the event name must be a String or a Number");
            }
            if (ackId != NO_ACK) {
                checkAckId(ackId);
            }
        }

        /** An event that does not ask for an acknowledgement. */
        public Event(String namespace, List<Object> args) {
            this(namespace, args, NO_ACK);
        }

        /** Returns the event name, {@code args().get(0)}. */
        public Object name() {
            return args.get(0);
        }

        /** Returns whether the sender asks for an acknowledgement. */
        public boolean wantsAck() {
            return ackId != NO_ACK;
        }

        @Override
        public SocketPacketType type() {
            return SocketPacketType.EVENT;
        }
    }

    /**
     * The acknowledgement of an event.
     *
     * @param namespace the namespace
     * @param args the answer's arguments, possibly empty; elements may be null
     * @param ackId the id of the acknowledged event, in [0, {@link #MAX_ACK_ID}]
     */
    record Ack(String namespace, List<Object> args, long ackId) implements SocketPacket {
        /** Validates and copies the arguments. */
        public Ack {
            checkNamespace(namespace);
            args = copy(args);
            checkAckId(ackId);
        }

        @Override
        public SocketPacketType type() {
            return SocketPacketType.ACK;
        }
    }

    /**
     * Refusal of a namespace connection.
     *
     * @param namespace the namespace
     * @param data usually {@code {"message":".."}} or {@code {"message":"..","data":..}}; null
     *     when absent
     */
    record ConnectError(String namespace, Object data) implements SocketPacket {
        /** Validates the namespace. */
        public ConnectError {
            checkNamespace(namespace);
        }

        @Override
        public SocketPacketType type() {
            return SocketPacketType.CONNECT_ERROR;
        }
    }

    private static void checkNamespace(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.isEmpty() || namespace.charAt(0) != '/' || namespace.indexOf(',') >= 0) {
            throw new IllegalArgumentException("a namespace starts with '/' and has no ','");
        }
    }

    private static void checkAckId(long ackId) {
        if (ackId < 0 || ackId > MAX_ACK_ID) {
            throw new IllegalArgumentException("ack id out of [0, 2^53-1]: " + ackId);
        }
    }

    private static List<Object> copy(List<Object> args) {
        Objects.requireNonNull(args, "args");
        return Collections.unmodifiableList(new ArrayList<>(args));
    }
}
