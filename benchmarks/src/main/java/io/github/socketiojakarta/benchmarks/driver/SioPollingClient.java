package io.github.socketiojakarta.benchmarks.driver;

import java.nio.charset.StandardCharsets;

/**
 * A Socket.IO client over HTTP long-polling only ({@link PollingClient}): the Engine.IO
 * handshake, then Engine.IO packets as the records of polls and posts.
 */
final class SioPollingClient extends PollingClient {

    SioPollingClient(int index, Listener listener, Target target) {
        super(index, listener, target);
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

    @Override
    void onRecord(byte[] b, int off, int len) {
        onEnginePacket(b, off, len, this::enqueue);
    }

    @Override
    void emit(long ackId, String event, String argJson) {
        enqueue(sioEvent(ackId, event, argJson));
    }
}
