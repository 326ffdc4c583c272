package io.github.socketiojakarta.protocol;

import io.github.socketiojakarta.protocol.ParseException.Reason;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes what one client sends into {@link SocketPacket}s, validating everything: the server
 * closes the connection on a {@link ParseException}.
 *
 * <p>Stateful: a binary packet is a text header announcing {@code N} attachments followed by
 * {@code N} binary frames; the decoder holds the header until the last one arrives. Use one
 * decoder per client connection and reset it when the connection closes.
 *
 * <p><b>Threading:</b> not thread-safe. The caller serialises all calls for a connection (the
 * transport delivers a connection's frames one at a time and in order).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>Header: {@code <type>[<attachments>-][<namespace>,][<ackId>][<JSON>]}. The namespace is
 *       present when the character after the type (and attachment count) is {@code '/'}; it ends at
 *       the first {@code ','} or at the end of the text, so {@code 40/custom} is a CONNECT to
 *       {@code /custom}. Anything else there that is not an ack id or the start of JSON is
 *       {@link Reason#MALFORMED_HEADER}.</li>
 *   <li>Attachment count: required on types 5 and 6, in [1, {@link DecoderLimits#maxAttachments()}];
 *       forbidden on the others.</li>
 *   <li>Ack id: the run of digits after the namespace, at most 16 digits and at most
 *       {@link SocketPacket#MAX_ACK_ID} (leading zeros are tolerated, as by the reference parser);
 *       required on ACK/BINARY_ACK, optional on EVENT/BINARY_EVENT, forbidden on CONNECT and
 *       DISCONNECT. CONNECT_ERROR has no ack id: its payload starts right after the namespace, so
 *       {@code 412} carries the number 12.</li>
 *   <li>Payload: CONNECT absent or an object; DISCONNECT none; EVENT a non-empty array whose first
 *       element is a number or a string not in {@link SocketPacket#RESERVED_EVENTS}; ACK an
 *       array, possibly empty; CONNECT_ERROR any JSON value or none (decoded permissively; the
 *       server layer rejects it from clients). The payload must start right after the header: no
 *       leading whitespace.</li>
 *   <li>Placeholders (binary packets only): an object whose {@code "_placeholder"} is
 *       {@code true} must have exactly the keys {@code _placeholder} and {@code num} (in any
 *       order), {@code num} an integer in [0, count); every attachment must be referenced exactly
 *       once, as official clients do. Anything else is {@link Reason#INVALID_PLACEHOLDER},
 *       reported on the header, before any attachment is awaited. An object whose
 *       {@code "_placeholder"} is anything but {@code true} is plain data. In non-binary packets
 *       placeholder-like objects are plain data.</li>
 *   <li>A text frame while attachments are pending, or a binary frame when none is, is an
 *       error.</li>
 * </ul>
 * After any {@link ParseException} the decoder is reset, so it may be reused (though the server
 * closes the connection).
 */
public final class PacketDecoder implements SocketDecoder {

    private static final int MAX_ACK_DIGITS = 16;

    private final DecoderLimits limits;
    private PendingBinary pending;

    /** Creates a decoder with the given limits. */
    public PacketDecoder(DecoderLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** Creates a decoder with {@link DecoderLimits#DEFAULT}. */
    public PacketDecoder() {
        this(DecoderLimits.DEFAULT);
    }

    /**
     * Decodes a text frame (without the Engine.IO {@code 4} prefix).
     *
     * @return the packet, or null when the frame is a binary packet's header and its attachments
     *     must now be fed to {@link #decodeBinary}
     * @throws ParseException if the frame breaks the protocol; the decoder is then reset
     */
    @Override
    public SocketPacket decodeText(String frame) throws ParseException {
        Objects.requireNonNull(frame, "frame");
        try {
            if (pending != null) {
                throw new ParseException(Reason.UNEXPECTED_TEXT, -1,
                        "text packet received while " + (pending.expected() - pending.received())
                                + " binary attachment(s) are pending");
            }
            return parse(frame);
        } catch (ParseException e) {
            reset();
            throw e;
        }
    }

    /**
     * Accepts the next binary attachment. The decoder keeps {@code data} (no copy): the caller must
     * not modify it afterwards.
     *
     * @return the completed {@link SocketPacket.Event} or {@link SocketPacket.Ack} when this was
     *     the last attachment, otherwise null
     * @throws ParseException if no attachment is pending; the decoder is then reset
     */
    @Override
    public SocketPacket decodeBinary(byte[] data) throws ParseException {
        Objects.requireNonNull(data, "data");
        if (pending == null) {
            throw new ParseException(Reason.UNEXPECTED_BINARY, -1,
                    "binary attachment received while none is pending (a client using a binary"
                            + " parser such as msgpack? Both sides must use the same parser)");
        }
        if (!pending.add(data)) {
            return null;
        }
        SocketPacket packet = pending.packet();
        pending = null;
        return packet;
    }

    /** Returns whether a binary packet's header was decoded and attachments are still expected. */
    public boolean awaitingAttachments() {
        return pending != null;
    }

    /** Drops any partially received binary packet, e.g. when the connection closes. */
    @Override
    public void reset() {
        pending = null;
    }

    private SocketPacket parse(String frame) throws ParseException {
        int length = frame.length();
        if (length == 0) {
            throw new ParseException(Reason.EMPTY_PACKET, 0, "empty packet");
        }
        char typeChar = frame.charAt(0);
        if (typeChar < '0' || typeChar > '6') {
            throw new ParseException(Reason.UNKNOWN_TYPE, 0,
                    "unknown packet type " + ParseException.describe(typeChar));
        }
        SocketPacketType type = SocketPacketType.forCode(typeChar - '0');
        boolean binary = type == SocketPacketType.BINARY_EVENT || type == SocketPacketType.BINARY_ACK;
        int i = 1;
        int attachments = 0;
        int digitsEnd = skipDigits(frame, i);
        boolean countFollows = digitsEnd < length && frame.charAt(digitsEnd) == '-';
        if (binary) {
            if (digitsEnd == i || !countFollows) {
                throw new ParseException(Reason.INVALID_ATTACHMENT_COUNT, digitsEnd,
                        type + " needs an attachment count followed by '-'");
            }
            attachments = attachmentCount(frame, i, digitsEnd);
            i = digitsEnd + 1;
        } else if (digitsEnd > i && countFollows) {
            throw new ParseException(Reason.INVALID_ATTACHMENT_COUNT, digitsEnd,
                    type + " cannot carry attachments");
        }

        String namespace = SocketPacket.MAIN_NAMESPACE;
        if (i < length && frame.charAt(i) == '/') {
            int comma = frame.indexOf(',', i);
            int namespaceEnd = comma < 0 ? length : comma;
            namespace = frame.substring(i, namespaceEnd);
            i = comma < 0 ? length : comma + 1;
        }

        // CONNECT_ERROR has no ack id: its payload (any JSON value, numbers included) follows.
        boolean connectError = type == SocketPacketType.CONNECT_ERROR;
        long ackId = SocketPacket.NO_ACK;
        digitsEnd = connectError ? i : skipDigits(frame, i);
        if (digitsEnd > i) {
            ackId = ackId(frame, i, digitsEnd, type);
            i = digitsEnd;
        }

        char first = i < length ? frame.charAt(i) : '\0';
        if (i < length && !connectError && "[{\"-tfn".indexOf(first) < 0) {
            throw new ParseException(Reason.MALFORMED_HEADER, i, "unexpected "
                    + ParseException.describe(first) + ", expected a namespace, an ack id or a payload");
        }
        return switch (type) {
            case CONNECT -> {
                if (i < length && first != '{') {
                    throw payload(i, "CONNECT data must be a JSON object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> data = i < length ? (Map<String, Object>) json(frame, i) : null;
                yield new SocketPacket.Connect(namespace, data);
            }
            case DISCONNECT -> {
                if (i < length) {
                    throw payload(i, "DISCONNECT carries no payload");
                }
                yield new SocketPacket.Disconnect(namespace);
            }
            case EVENT, BINARY_EVENT -> {
                List<Object> args = array(frame, i, "EVENT");
                checkEventName(args, i);
                yield complete(type, namespace, args, ackId, attachments, i);
            }
            case ACK, BINARY_ACK -> {
                if (ackId == SocketPacket.NO_ACK) {
                    throw new ParseException(Reason.INVALID_ACK_ID, i, type + " needs an ack id");
                }
                yield complete(type, namespace, array(frame, i, "ACK"), ackId, attachments, i);
            }
            case CONNECT_ERROR -> new SocketPacket.ConnectError(namespace, i < length ? json(frame, i) : null);
        };
    }

    /** Builds the packet, or, for a binary one, validates its placeholders and waits. */
    private SocketPacket complete(SocketPacketType type, String namespace, List<Object> args, long ackId,
            int attachments, int payloadAt) throws ParseException {
        return switch (type) {
            case EVENT -> new SocketPacket.Event(namespace, args, ackId);
            case ACK -> new SocketPacket.Ack(namespace, args, ackId);
            case BINARY_EVENT, BINARY_ACK -> {
                pending = PendingBinary.of(type == SocketPacketType.BINARY_ACK, namespace, args, ackId,
                        attachments, payloadAt);
                yield null;
            }
            case CONNECT, DISCONNECT, CONNECT_ERROR -> throw new IllegalStateException(type.name());
        };
    }

    private int attachmentCount(String frame, int from, int to) throws ParseException {
        int max = limits.maxAttachments();
        int count = 0;
        for (int i = from; i < to; i++) {
            count = count * 10 + (frame.charAt(i) - '0');
            if (count > max) {
                break; // also keeps long digit runs from overflowing
            }
        }
        if (count < 1 || count > max) {
            throw new ParseException(Reason.INVALID_ATTACHMENT_COUNT, from,
                    "attachment count must be in [1, " + max + "]");
        }
        return count;
    }

    private static long ackId(String frame, int from, int to, SocketPacketType type) throws ParseException {
        switch (type) {
            case CONNECT, DISCONNECT -> throw new ParseException(Reason.INVALID_ACK_ID,
                    from, type + " cannot carry an ack id");
            case CONNECT_ERROR -> throw new IllegalStateException("CONNECT_ERROR has no ack id");
            case EVENT, ACK, BINARY_EVENT, BINARY_ACK -> { }
        }
        if (to - from > MAX_ACK_DIGITS) {
            throw new ParseException(Reason.INVALID_ACK_ID, from, "ack id has more than "
                    + MAX_ACK_DIGITS + " digits");
        }
        long id = Long.parseLong(frame, from, to, 10); // 16 digits cannot overflow
        if (id > SocketPacket.MAX_ACK_ID) {
            throw new ParseException(Reason.INVALID_ACK_ID, from, "ack id exceeds 2^53-1");
        }
        return id;
    }

    private Object json(String frame, int from) throws ParseException {
        return JsonReader.parse(frame, from, limits.json());
    }

    @SuppressWarnings("unchecked")
    private List<Object> array(String frame, int from, String what) throws ParseException {
        if (from >= frame.length()) {
            throw payload(from, what + " needs a JSON array payload");
        }
        if (frame.charAt(from) != '[') {
            throw payload(from, what + " payload must be a JSON array");
        }
        return (List<Object>) json(frame, from);
    }

    private static void checkEventName(List<Object> args, int at) throws ParseException {
        if (args.isEmpty()) {
            throw payload(at, "EVENT payload must not be empty");
        }
        Object name = args.get(0);
        if (name instanceof String s) {
            if (SocketPacket.RESERVED_EVENTS.contains(s)) {
                throw new ParseException(Reason.RESERVED_EVENT_NAME, at,
                        "reserved event name '" + s + "'");
            }
        } else if (!(name instanceof Number)) {
            throw payload(at, "event name must be a string or a number");
        }
    }

    private static ParseException payload(int at, String message) {
        return new ParseException(Reason.INVALID_PAYLOAD, at, message);
    }

    private static int skipDigits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
