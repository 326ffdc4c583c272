package io.github.socketiojakarta.protocol;

import io.github.socketiojakarta.protocol.ParseException.Reason;
import java.util.List;
import java.util.Map;

/**
 * A decoded binary packet header waiting for its attachments. The placeholders are validated and
 * located once, when the header arrives; each attachment is then put straight into its slot.
 *
 * <p>Owned by one {@link PacketDecoder}; not thread-safe.
 */
final class PendingBinary {

    private static final String PLACEHOLDER = "_placeholder";
    private static final String NUM = "num";

    private final boolean ack;
    private final String namespace;
    private final List<Object> args;
    private final long ackId;
    private final int payloadAt;
    /** For attachment {@code num}: the List or Map holding its placeholder. */
    private final Object[] containers;
    /** For attachment {@code num}: the Integer index or String key of its placeholder. */
    private final Object[] keys;
    private int received;

    private PendingBinary(boolean ack, String namespace, List<Object> args, long ackId, int count,
            int payloadAt) {
        this.ack = ack;
        this.namespace = namespace;
        this.args = args;
        this.ackId = ackId;
        this.payloadAt = payloadAt;
        this.containers = new Object[count];
        this.keys = new Object[count];
    }

    /**
     * Validates the placeholders in {@code args} against the announced {@code count}.
     *
     * @param payloadAt index of the payload in the frame, for error messages
     */
    static PendingBinary of(boolean ack, String namespace, List<Object> args, long ackId, int count,
            int payloadAt) throws ParseException {
        PendingBinary pending = new PendingBinary(ack, namespace, args, ackId, count, payloadAt);
        pending.scanList(args);
        for (int num = 0; num < count; num++) {
            if (pending.containers[num] == null) {
                throw pending.error("attachment " + num + " is announced but never referenced");
            }
        }
        return pending;
    }

    int expected() {
        return containers.length;
    }

    int received() {
        return received;
    }

    /** Puts the next attachment in place; returns whether it was the last one. */
    @SuppressWarnings("unchecked")
    boolean add(byte[] data) {
        int num = received++;
        if (containers[num] instanceof List<?> list) {
            ((List<Object>) list).set((Integer) keys[num], data);
        } else {
            ((Map<String, Object>) containers[num]).put((String) keys[num], data);
        }
        return received == containers.length;
    }

    /** Returns the completed packet; only after the last {@link #add}. */
    SocketPacket packet() {
        return ack ? new SocketPacket.Ack(namespace, args, ackId)
                : new SocketPacket.Event(namespace, args, ackId);
    }

    // Recursion depth is bounded by the JSON depth limit the payload was parsed with.
    @SuppressWarnings("unchecked")
    private void scanList(List<Object> list) throws ParseException {
        for (int i = 0, n = list.size(); i < n; i++) {
            Object value = list.get(i);
            if (value instanceof Map<?, ?> map) {
                if (!placeholder((Map<String, Object>) map, list, i)) {
                    scanMap((Map<String, Object>) map);
                }
            } else if (value instanceof List<?> nested) {
                scanList((List<Object>) nested);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void scanMap(Map<String, Object> map) throws ParseException {
        for (Map.Entry<String, Object> entry : map.entrySet()) {
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                if (!placeholder((Map<String, Object>) nested, map, entry.getKey())) {
                    scanMap((Map<String, Object>) nested);
                }
            } else if (value instanceof List<?> list) {
                scanList((List<Object>) list);
            }
        }
    }

    /** Registers {@code map} if it is a placeholder; returns whether it was one. */
    private boolean placeholder(Map<String, Object> map, Object container, Object key)
            throws ParseException {
        if (!Boolean.TRUE.equals(map.get(PLACEHOLDER))) {
            return false;
        }
        if (map.size() != 2 || !map.containsKey(NUM)) {
            throw error("a placeholder must have exactly the keys _placeholder and num");
        }
        if (!(map.get(NUM) instanceof Long num) || num < 0 || num >= containers.length) {
            throw error("placeholder num must be an integer in [0, " + containers.length + ")");
        }
        int index = num.intValue();
        if (containers[index] != null) {
            throw error("attachment " + index + " is referenced twice");
        }
        containers[index] = container;
        keys[index] = key;
        return true;
    }

    private ParseException error(String message) {
        return new ParseException(Reason.INVALID_PLACEHOLDER, payloadAt, message);
    }
}
