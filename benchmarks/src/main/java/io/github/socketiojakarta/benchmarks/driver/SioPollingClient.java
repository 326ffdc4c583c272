package io.github.socketiojakarta.benchmarks.driver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A Socket.IO client over HTTP long-polling only, as a browser does it: one keep-alive
 * connection always holds a GET, a second one POSTs (one POST at a time, queued packets joined
 * with the record separator).
 */
final class SioPollingClient extends Client {
    private static final byte SEPARATOR = 0x1e;

    private final Target target;
    private final HttpConnection getter;
    private final HttpConnection poster;
    private final ArrayDeque<String> outbox = new ArrayDeque<>(2);
    private String query;
    private boolean posting;

    SioPollingClient(int index, Listener listener, Target target) {
        super(index, listener);
        this.target = target;
        this.getter = new HttpConnection(target.loop(), target.remote(), target.local(index),
                target.host());
        this.poster = new HttpConnection(target.loop(), target.remote(), target.local(index),
                target.host());
    }

    @Override
    void start() {
        getter.request("GET", target.path() + "?EIO=4&transport=polling", null,
                new HttpConnection.Callback() {
                    @Override
                    public void onResponse(int status, byte[] body, int off, int len) {
                        if (status != 200) {
                            fail("handshake status " + status);
                            return;
                        }
                        String text = new String(body, off, len, StandardCharsets.UTF_8);
                        int s = text.indexOf("\"sid\":\"");
                        int e = s < 0 ? -1 : text.indexOf('"', s + 7);
                        if (!text.startsWith("0") || e < 0) {
                            fail("bad handshake: " + text);
                            return;
                        }
                        query = target.path() + "?EIO=4&transport=polling&sid=" + text.substring(s + 7, e);
                        records(body, off, len);
                        poll();
                    }

                    @Override
                    public void onError(String why) {
                        fail("handshake: " + why);
                    }
                });
    }

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

    private void records(byte[] b, int off, int len) {
        int end = off + len;
        int from = off;
        for (int i = off; i <= end && !closed; i++) {
            if (i == end || b[i] == SEPARATOR) {
                onEnginePacket(b, from, i - from, this::enqueue);
                from = i + 1;
            }
        }
    }

    private void poll() {
        getter.request("GET", query, null, pollCallback);
    }

    private void enqueue(String packet) {
        outbox.add(packet);
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

    @Override
    void emit(long ackId, String event, String argJson) {
        enqueue(sioEvent(ackId, event, argJson));
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
