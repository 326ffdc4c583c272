package io.github.socketiojakarta.benchmarks.driver;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client of the bare long-polling servlet ({@code /bare-poll}) over {@link PollingClient}'s
 * two connections, with no handshake or Engine.IO packets: the channel id is made up by the
 * client, requests are {@code <ackId>["event",arg]} and answers {@code <ackId>[value]}.
 */
final class BarePollingClient extends PollingClient {

    BarePollingClient(int index, Listener listener, Target target) {
        super(index, listener, target);
        this.query = target.path() + "?c=" + index + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Override
    void start() {
        poll();
        connected();
    }

    @Override
    void onRecord(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        long id = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            id = id * 10 + (b[p++] - '0');
        }
        if (p == off || p == end) {
            fail("bad answer: " + new String(b, off, len, StandardCharsets.UTF_8));
            return;
        }
        listener.onAck(this, id, b, p, end - p);
    }

    @Override
    void emit(long ackId, String event, String argJson) {
        enqueue(ackId + "[\"" + event + "\"," + argJson + "]");
    }
}
