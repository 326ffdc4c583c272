package io.github.socketiojakarta.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.CorsOptions;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A configured allowed-origin list applies to both transports: WebSocket upgrades from other
 * origins are refused (cross-site WebSocket hijacking), requests without an Origin (non-browser
 * clients) and from the server's own origin pass. Without CORS configured nothing is checked, as
 * in the reference server.
 */
class OriginCheckTest {
    private static final String GOOD = "https://good.example";
    private static final String EVIL = "https://evil.example";

    private SocketIoTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(boolean cors) {
        server = SocketIoTestServer.start(
                o -> o.engine(e -> e.cors(cors ? CorsOptions.allow(GOOD) : null)), io -> { });
    }

    /** Sends a raw request and returns the status line and headers (lower-cased names). */
    private List<String> request(String method, String query, String origin, boolean upgrade)
            throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            StringBuilder r = new StringBuilder();
            r.append(method).append(" /socket.io/?").append(query).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(server.port()).append("\r\n");
            if (origin != null) {
                r.append("Origin: ").append(origin).append("\r\n");
            }
            if (upgrade) {
                r.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                        .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                        .append("Sec-WebSocket-Version: 13\r\n");
            }
            r.append("Content-Length: 0\r\nConnection: close\r\n\r\n");
            OutputStream out = s.getOutputStream();
            out.write(r.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            List<String> head = new ArrayList<>();
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                head.add(head.isEmpty() ? line : line.toLowerCase(java.util.Locale.ROOT));
            }
            return head;
        }
    }

    private static final String WS = "EIO=4&transport=websocket";
    private static final String POLL = "EIO=4&transport=polling";

    @Test
    void webSocketUpgradesFromAnotherOriginAreRefused() throws Exception {
        start(true);
        assertThat(request("GET", WS, EVIL, true).get(0)).contains(" 403");
    }

    @Test
    void webSocketUpgradesFromAllowedOwnOrNoOriginPass() throws Exception {
        start(true);
        assertThat(request("GET", WS, GOOD, true).get(0)).contains(" 101");
        assertThat(request("GET", WS, null, true).get(0)).contains(" 101");
        assertThat(request("GET", WS, "http://127.0.0.1:" + server.port(), true).get(0))
                .contains(" 101");
    }

    @Test
    void pollingFromAnotherOriginIsRefusedWithCodeFour() throws Exception {
        start(true);
        assertThat(request("GET", POLL, EVIL, false).get(0)).contains(" 403");
        List<String> good = request("GET", POLL, GOOD, false);
        assertThat(good.get(0)).contains(" 200");
        assertThat(good).contains("access-control-allow-origin: " + GOOD);
    }

    @Test
    void withoutCorsNoOriginIsChecked() throws Exception {
        start(false);
        assertThat(request("GET", WS, EVIL, true).get(0)).contains(" 101");
        List<String> poll = request("GET", POLL, EVIL, false);
        assertThat(poll.get(0)).contains(" 200");
        assertThat(poll).noneMatch(h -> h.startsWith("access-control-"));
    }
}
