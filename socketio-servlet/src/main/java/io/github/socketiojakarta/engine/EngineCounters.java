package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one {@link EngineServer} has done since it started: handshakes, refused requests,
 * upgrades, packets and bytes each way per transport, queue overflows and closes by reason.
 * The numbers only grow; the open sessions are counted on read by {@link EngineServer}.
 *
 * <p>Cheap on the hot path: {@link LongAdder}s, no lock, two additions per batch, and no
 * allocation beyond a sent message's cached UTF-8 form (see {@link #size}). Bytes are
 * the size of each packet's Engine.IO encoding as a WebSocket frame carries it (the type digit
 * and the text's UTF-8 bytes; binary data as is, without the type byte): long-polling's payload
 * separators and base64, HTTP and WebSocket framing are not counted. Packets out are those of
 * the sessions' queues and the upgrade probe's answer; the noop or close packet the engine ends
 * a held poll with is not counted.
 *
 * <p>Thread-safe: counted from any thread, read from any thread (each number on its own, not
 * a consistent snapshot of all).
 */
public final class EngineCounters {
    private static final int TRANSPORTS = TransportType.values().length;

    private final LongAdder[] handshakes = adders(TRANSPORTS);
    private final LongAdder[] refusals = adders(EngineError.values().length);
    private final LongAdder upgrades = new LongAdder();
    private final LongAdder[] packetsIn = adders(TRANSPORTS);
    private final LongAdder[] bytesIn = adders(TRANSPORTS);
    private final LongAdder[] packetsOut = adders(TRANSPORTS);
    private final LongAdder[] bytesOut = adders(TRANSPORTS);
    private final LongAdder queueOverflows = new LongAdder();
    private final LongAdder backlogOverflows = new LongAdder();
    private final LongAdder[] closes = adders(CloseReason.values().length);

    EngineCounters() {}

    /** Sessions opened (handshakes accepted) on this transport. */
    public long handshakes(TransportType transport) {
        return handshakes[transport.ordinal()].sum();
    }

    /**
     * Requests refused with this error of the Engine.IO table: handshakes (unknown transport,
     * protocol version, method, the allowRequest hook or the origin check: {@code FORBIDDEN})
     * and requests of sessions (unknown sid, bad request).
     */
    public long refusals(EngineError error) {
        return refusals[error.ordinal()].sum();
    }

    /** Sessions that moved from long-polling to WebSocket. */
    public long upgrades() {
        return upgrades.sum();
    }

    /** Packets received on this transport (all types: messages, pongs, probes...). */
    public long packetsIn(TransportType transport) {
        return packetsIn[transport.ordinal()].sum();
    }

    /** Bytes of the packets received on this transport (see the class comment). */
    public long bytesIn(TransportType transport) {
        return bytesIn[transport.ordinal()].sum();
    }

    /** Packets handed to this transport for writing (all types). */
    public long packetsOut(TransportType transport) {
        return packetsOut[transport.ordinal()].sum();
    }

    /** Bytes of the packets handed to this transport for writing (see the class comment). */
    public long bytesOut(TransportType transport) {
        return bytesOut[transport.ordinal()].sum();
    }

    /**
     * Sessions closed because their outbound queue went over
     * {@link EngineOptions#maxBufferedBytes()}: clients that do not read fast enough.
     */
    public long queueOverflows() {
        return queueOverflows.sum();
    }

    /**
     * Sessions closed because more than {@link EngineOptions#maxInboundBacklog()} of their
     * messages waited for the application.
     */
    public long backlogOverflows() {
        return backlogOverflows.sum();
    }

    /** Sessions closed for this reason. */
    public long closes(CloseReason reason) {
        return closes[reason.ordinal()].sum();
    }

    // ---------------------------------------------------------------- counting (the engine)

    void handshake(TransportType transport) {
        handshakes[transport.ordinal()].increment();
    }

    void refused(EngineError error) {
        refusals[error.ordinal()].increment();
    }

    void upgraded() {
        upgrades.increment();
    }

    void queueOverflow() {
        queueOverflows.increment();
    }

    void backlogOverflow() {
        backlogOverflows.increment();
    }

    void closed(CloseReason reason) {
        closes[reason.ordinal()].increment();
    }

    /** One received packet: a message's text is measured without encoding it. */
    void in(TransportType transport, EnginePacket packet) {
        packetsIn[transport.ordinal()].increment();
        bytesIn[transport.ordinal()].add(packet instanceof EnginePacket.TextMessage m
                ? 1 + EngineCodec.utf8Length(m.text()) : size(packet));
    }

    /** A batch handed to a transport. */
    void out(TransportType transport, List<EnginePacket> batch) {
        long bytes = 0;
        for (int i = 0, n = batch.size(); i < n; i++) {
            bytes += size(batch.get(i));
        }
        packetsOut[transport.ordinal()].add(batch.size());
        bytesOut[transport.ordinal()].add(bytes);
    }

    /**
     * A packet's size as a WebSocket frame carries it. A message to send is measured by its
     * UTF-8 wire form, encoded once per packet and cached in it (shared by the recipients of a
     * broadcast, and what Tomcat's write path sends): measuring costs nothing there, and one
     * encoding per packet on the plain JSR-356 path.
     */
    static long size(EnginePacket p) {
        if (p instanceof EnginePacket.TextMessage m) {
            return m.wireUtf8().length;
        }
        if (p instanceof EnginePacket.BinaryMessage b) {
            return b.data().length;
        }
        return 1 + EngineCodec.utf8Length(((EnginePacket.Control) p).data());
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
