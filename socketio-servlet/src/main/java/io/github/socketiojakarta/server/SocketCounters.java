package io.github.socketiojakarta.server;

import java.util.concurrent.atomic.LongAdder;

/**
 * The Socket.IO layer's counters of one server (what {@link ServerMetrics} reports beside the
 * engine's): refused namespace connections, ack timeouts and connection state recoveries.
 * Thread-safe, lock-free.
 */
final class SocketCounters {
    final LongAdder connectsRefused = new LongAdder();
    final LongAdder ackTimeouts = new LongAdder();
    final LongAdder recoveriesAttempted = new LongAdder();
    final LongAdder recoveriesSucceeded = new LongAdder();
}
