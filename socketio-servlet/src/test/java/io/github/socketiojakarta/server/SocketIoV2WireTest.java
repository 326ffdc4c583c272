package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Socket.IO protocol v4 of v2 clients on the wire (Engine.IO v3 long-polling, {@code b64=1},
 * exact strings): the implicit CONNECT to {@code /}, CONNECT answers without data, the query
 * after a namespace as its auth, and the v2 error payloads.
 */
class SocketIoV2WireTest {
    private SocketIoTestServer server;
    private String sid;
    /** Packets received and not yet looked at (the open payload may carry the first ones). */
    private final List<String> received = new ArrayList<>();

    @BeforeEach
    void start() {
        server = SocketIoTestServer.start(b -> b.allowEIO3(true), io -> {
            io.of("/secret").use((s, next) -> next.reject("not allowed", Map.of("code", 42)));
            io.of("/plain").use((s, next) -> next.reject("not allowed"));
            io.of("/chat").onConnection(s -> s.emit("auth", s.id(), s.handshake().auth()));
        });
        split(get());
        String open = received.remove(0);
        assertThat(open).startsWith("0{\"sid\":\"");
        sid = open.substring(9, 29);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private URI uri() {
        return URI.create(server.url() + "/socket.io/?EIO=3&transport=polling&b64=1"
                + (sid == null ? "" : "&sid=" + sid));
    }

    private String get() {
        return PollingClient.await(PollingClient.http().sendAsync(
                HttpRequest.newBuilder(uri()).build(), BodyHandlers.ofString())).body();
    }

    private void post(String packet) {
        HttpResponse<String> r = PollingClient.await(PollingClient.http().sendAsync(
                HttpRequest.newBuilder(uri()).POST(BodyPublishers.ofString(
                        packet.length() + ":" + packet)).build(), BodyHandlers.ofString()));
        assertThat(r.body()).isEqualTo("ok");
    }

    /** Polls until {@code count} packets came; returns them without their lengths. */
    private List<String> packets(int count) {
        while (received.size() < count) {
            split(get());
        }
        List<String> out = new ArrayList<>(received.subList(0, count));
        received.subList(0, count).clear();
        return out;
    }

    private void split(String payload) {
        int i = 0;
        while (i < payload.length()) {
            int colon = payload.indexOf(':', i);
            int n = Integer.parseInt(payload.substring(i, colon));
            received.add(payload.substring(colon + 1, colon + 1 + n));
            i = colon + 1 + n;
        }
    }

    @Test
    void theMainNamespaceIsConnectedWithoutAskingAndWithoutData() {
        assertThat(packets(1)).containsExactly("40");
        assertThat(server.io().of("/").sockets()).containsOnlyKeys(sid);
    }

    @Test
    void aNamespaceQueryIsItsAuthAndTheAnswerHasNoData() {
        packets(1);
        post("40/chat?token=abc&x=a+b%20c,");

        assertThat(packets(2)).containsExactly("40/chat,",
                "42/chat,[\"auth\",\"/chat#" + sid + "\",{\"token\":\"abc\",\"x\":\"a b c\"}]");
    }

    @Test
    void refusalsAreTheDataOrTheMessageAndUnknownNamespacesTheObject() {
        packets(1);
        post("40/secret,");
        post("40/plain,");
        post("40/nope,");

        assertThat(packets(3)).containsExactly("44/secret,{\"code\":42}",
                "44/plain,\"not allowed\"", "44/nope,{\"message\":\"Invalid namespace\"}");
    }
}
