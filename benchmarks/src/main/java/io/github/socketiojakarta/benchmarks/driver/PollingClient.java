package io.github.socketiojakarta.benchmarks.driver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A client over HTTP long-polling, as a browser does it: one keep-alive connection always holds
 * a GET, a second one POSTs (one POST at a time, queued records joined with the record
 * separator). Subclasses give the protocol: how a session starts, and what a received record
 * means. Loop thread only.
 */
abstract class PollingClient extends Client {
    private static final byte SEPARATOR = 0x1e;

    final Target target;
    /** The connection that holds the GETs (a subclass's handshake may use it first). */
    final HttpConnection getter;
    private final HttpConnection poster;
    private final ArrayDeque<String> outbox = new ArrayDeque<>(2);
    /** The path and query of every poll and post; set before the first {@link #poll()}. */
    String query;
    private boolean posting;

    PollingClient(int index, Listener listener, Target target) {
        super(index, listener);
        this.target = target;
        this.getter = new HttpConnection(target.loop(), target.remote(), target.local(index),
                target.host());
        this.poster = new HttpConnection(target.loop(), target.remote(), target.local(index),
                target.host());
    }

    /** One record of a response body (records are separated by {@code \x1e}). */
    abstract void onRecord(byte[] b, int off, int len);

    private final HttpConnection.Callback pollCallback = new HttpConnection.Callback() {
        @Override
        public void onResponse(int status, byte[] body, int off, int len) {
            if (closed) {
                return;
            }
            if (status != 200) {
                fail("poll status " + status + ": " + new String(body, off, len, StandardCharsets.UTF_8));
                return;
            }
            records(body, off, len);
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
                fail("post status " + status + ": " + new String(body, off, len, StandardCharsets.UTF_8));
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

    /** Hands each record of a body to {@link #onRecord}. */
    final void records(byte[] b, int off, int len) {
        int end = off + len;
        int from = off;
        for (int i = off; i <= end && !closed; i++) {
            if (i == end || b[i] == SEPARATOR) {
                onRecord(b, from, i - from);
                from = i + 1;
            }
        }
    }

    /** Holds the next GET. */
    final void poll() {
        getter.request("GET", query, null, pollCallback);
    }

    /** Sends a record, in the next POST. */
    final void enqueue(String record) {
        outbox.add(record);
        if (!posting) {
            post();
        }
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

    /** Fails the client: closes both connections and reports {@code why}. */
    final void fail(String why) {
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
