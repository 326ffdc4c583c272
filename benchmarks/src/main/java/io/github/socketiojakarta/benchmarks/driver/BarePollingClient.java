package io.github.socketiojakarta.benchmarks.driver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A client of the bare long-polling servlet ({@code /bare-poll}): like {@link SioPollingClient},
 * one keep-alive connection always holds a GET and a second one POSTs (one POST at a time,
 * queued requests joined with the record separator), but with no handshake or Engine.IO
 * packets: the channel id is made up by the client, requests are {@code <ackId>["event",arg]}
 * and answers {@code <ackId>[value]}.
 */
final class BarePollingClient extends Client {
    private static final byte SEPARATOR = 0x1e;

    private final HttpConnection getter;
    private final HttpConnection poster;
    private final ArrayDeque<String> outbox = new ArrayDeque<>(2);
    private final String query;
    private boolean posting;

    BarePollingClient(int index, Listener listener, Target target) {
        super(index, listener);
        this.getter = new HttpConnection(target.loop(), target.remote(), target.local(index),
                target.host());
        this.poster = new HttpConnection(target.loop(), target.remote(), target.local(index),
                target.host());
        this.query = target.path() + "?c=" + index + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    @Override
    void start() {
        poll();
        connected();
    }

    private final HttpConnection.Callback pollCallback = new HttpConnection.Callback() {
        @Override
        public void onResponse(int status, byte[] body, int off, int len) {
            if (closed) {
                return;
            }
            if (status != 200) {
                fail("poll status " + status);
                return;
            }
            int end = off + len;
            int from = off;
            for (int i = off; i <= end && !closed; i++) {
                if (i == end || body[i] == SEPARATOR) {
                    answer(body, from, i);
                    from = i + 1;
                }
            }
            if (!closed) {
                poll();
            }
        }

        @Override
        public void onError(String why) {
            fail("poll: " + why);
        }
    };

    private final HttpConnection.Callback postCallback = new HttpConnection.Callback() {
        @Override
        public void onResponse(int status, byte[] body, int off, int len) {
            posting = false;
            if (closed) {
                return;
            }
            if (status != 200) {
                fail("post status " + status);
                return;
            }
            if (!outbox.isEmpty()) {
                post();
            }
        }

        @Override
        public void onError(String why) {
            posting = false;
            fail("post: " + why);
        }
    };

    private void answer(byte[] b, int from, int end) {
        int p = from;
        long id = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            id = id * 10 + (b[p++] - '0');
        }
        if (p == from || p == end) {
            fail("bad answer: " + new String(b, from, end - from, StandardCharsets.UTF_8));
            return;
        }
        listener.onAck(this, id, b, p, end - p);
    }

    private void poll() {
        getter.request("GET", query, null, pollCallback);
    }

    private void post() {
        StringBuilder body = new StringBuilder();
        while (!outbox.isEmpty()) {
            if (body.length() > 0) {
                body.append((char) SEPARATOR);
            }
            body.append(outbox.poll());
        }
        posting = true;
        poster.request("POST", query, ascii(body.toString()), postCallback);
    }

    @Override
    void emit(long ackId, String event, String argJson) {
        outbox.add(ackId + "[\"" + event + "\"," + argJson + "]");
        if (!posting) {
            post();
        }
    }

    private void fail(String why) {
        getter.close();
        poster.close();
        closed(why);
    }

    @Override
    void close() {
        closed = true;
        getter.close();
        poster.close();
    }
}
