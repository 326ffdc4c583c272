package io.github.socketiojakarta.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.EngineRequest;
import io.github.socketiojakarta.server.Handshake;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The request view a session keeps shares well-known strings between connections (memory per
 * idle connection) without losing or mixing anything: every header is there, names in lower
 * case, values as sent, and what is unique to one request stays with it. The container gets
 * the same content through {@link UpgradeRequest}.
 */
class SharedRequestStringsTest {

    /**
     * A servlet request with the given headers and query; like a container, it names a header
     * once (as first sent) and looks names up in any case.
     */
    private static HttpServletRequest request(String query, String... headerLines) {
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            // a new String per call, as a container makes them
            headers.computeIfAbsent(new String(line.substring(0, colon)), k -> new ArrayList<>())
                    .add(new String(line.substring(colon + 1).trim()));
        }
        return (HttpServletRequest) Proxy.newProxyInstance(
                SharedRequestStringsTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getHeaderNames":
                            return Collections.enumeration(headers.keySet());
                        case "getHeaders": {
                            List<String> copies = new ArrayList<>();
                            headers.getOrDefault((String) args[0], List.of())
                                    .forEach(v -> copies.add(new String(v)));
                            return Collections.enumeration(copies);
                        }
                        case "getQueryString":
                            return query == null ? null : new String(query);
                        case "getParameterMap":
                            return Map.of("from", new String[] {"container"});
                        case "getMethod":
                            return new String("GET");
                        case "getRequestURI":
                            return new String("/socket.io/");
                        case "getRemoteAddr":
                            return "127.0.0.1";
                        case "isSecure":
                            return false;
                        case "getUserPrincipal":
                            return null;
                        default:
                            throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static final String[] HEADERS = {
        "Host: example.test:8080", "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Version: 13", "User-Agent: Probe/1.0", "X-Multi: one", "x-multi: two"};

    private static EngineRequest view(String key, String query) {
        String[] lines = java.util.Arrays.copyOf(HEADERS, HEADERS.length + 1);
        lines[HEADERS.length] = "Sec-WebSocket-Key: " + key;
        return Requests.of(request(query, lines), "/socket.io/");
    }

    private static String nameInstance(EngineRequest r, String name) {
        return r.headers().keySet().stream().filter(name::equals).findFirst().orElseThrow();
    }

    @Test
    void keepsEveryHeaderAndSharesTheWellKnownStrings() {
        EngineRequest a = view("dGhlIHNhbXBsZSBub25jZQ==", "EIO=4&transport=websocket");
        EngineRequest b = view("AQIDBAUGBwgJCgsMDQ4PEA==", "EIO=4&transport=websocket");

        for (EngineRequest r : List.of(a, b)) {
            assertThat(r.headers()).containsOnlyKeys("host", "upgrade", "connection",
                    "sec-websocket-version", "user-agent", "x-multi", "sec-websocket-key");
            assertThat(r.header("Host")).isEqualTo("example.test:8080");
            assertThat(r.header("upgrade")).isEqualTo("websocket");
            assertThat(r.header("CONNECTION")).isEqualTo("Upgrade");
            assertThat(r.header("sec-websocket-version")).isEqualTo("13");
            assertThat(r.header("user-agent")).isEqualTo("Probe/1.0");
            assertThat(r.headers().get("x-multi")).containsExactly("one", "two");
            assertThat(r.query()).isEqualTo(Map.of("EIO", "4", "transport", "websocket"));
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo("/socket.io/");
        }
        // unique per request: kept apart
        assertThat(a.header("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(b.header("sec-websocket-key")).isEqualTo("AQIDBAUGBwgJCgsMDQ4PEA==");
        // well known: one instance
        assertThat(a.header("upgrade")).isSameAs(b.header("upgrade"));
        assertThat(a.headers().get("connection")).isSameAs(b.headers().get("connection"));
        assertThat(a.header("sec-websocket-version")).isSameAs(b.header("sec-websocket-version"));
        for (String name : List.of("host", "upgrade", "connection", "sec-websocket-key",
                "sec-websocket-version", "user-agent")) {
            assertThat(nameInstance(a, name)).isSameAs(nameInstance(b, name));
        }
        assertThat(a.query()).isSameAs(b.query());
        assertThat(a.method()).isSameAs(b.method());
        assertThat(a.path()).isSameAs(b.path());
    }

    @Test
    void otherQueriesAreParsedAsBefore() {
        EngineRequest r = view("dGhlIHNhbXBsZSBub25jZQ==",
                "EIO=4&transport=websocket&sid=abc&x=a%20b&x=second&flag");
        assertThat(r.query()).isEqualTo(Map.of("EIO", "4", "transport", "websocket",
                "sid", "abc", "x", "a b", "flag", ""));
        assertThat(Requests.query(null)).isEmpty();
        assertThat(Requests.query("")).isEmpty();
    }

    @Test
    void theContainerSeesTheSameHeadersAndQuery() {
        EngineRequest v = view("dGhlIHNhbXBsZSBub25jZQ==", "EIO=4&transport=websocket");
        HttpServletRequest plain = request("EIO=4&transport=websocket", HEADERS);
        UpgradeRequest up = new UpgradeRequest(plain, v);

        List<String> names = Collections.list(up.getHeaderNames());
        assertThat(names).containsExactlyInAnyOrderElementsOf(v.headers().keySet());
        assertThat(Collections.list(up.getHeaders("X-MULTI"))).containsExactly("one", "two");
        assertThat(Collections.list(up.getHeaders("Upgrade"))).containsExactly("websocket");
        assertThat(Collections.list(up.getHeaders("absent"))).isEmpty();
        assertThat(up.getHeaders("upgrade").nextElement()).isSameAs(v.header("upgrade"));
        assertThat(up.getQueryString()).isEqualTo("EIO=4&transport=websocket")
                .isSameAs(new UpgradeRequest(plain, v).getQueryString());
        assertThat(up.getParameterMap()).containsOnlyKeys("EIO", "transport");
        assertThat(up.getParameterMap().get("EIO")).containsExactly("4");
        assertThat(up.getParameterMap().get("transport")).containsExactly("websocket");

        // a query that is not a well-known one: the container's own answers
        UpgradeRequest other = new UpgradeRequest(
                request("EIO=4&transport=websocket&extra=1", HEADERS), v);
        assertThat(other.getQueryString()).isEqualTo("EIO=4&transport=websocket&extra=1");
        assertThat(other.getParameterMap()).containsOnlyKeys("from");
    }

    /** Through Tomcat: the upgrade still works and the handshake has every header as sent. */
    @Test
    void aRealUpgradeKeepsEveryHeader() throws Exception {
        CompletableFuture<Handshake> seen = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(
                io -> io.onConnection(s -> seen.complete(s.handshake())));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            String req = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + server.port() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nX-Multi: one\r\nX-Multi: two\r\n"
                    + "User-Agent: Probe/1.0\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(req.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = readHead(in);
            assertThat(response).startsWith("HTTP/1.1 101");
            assertThat(response.toLowerCase(java.util.Locale.ROOT))
                    .contains("sec-websocket-accept: s3pplmbitxaq9kygzzhzrbk+xoo=");
            out.write(maskedText("40"));
            out.flush();
            Handshake h = seen.get(10, TimeUnit.SECONDS);
            assertThat(h.headers()).containsOnlyKeys("host", "upgrade", "connection",
                    "sec-websocket-key", "sec-websocket-version", "x-multi", "user-agent");
            assertThat(h.header("host")).isEqualTo("127.0.0.1:" + server.port());
            assertThat(h.headers().get("x-multi")).containsExactly("one", "two");
            assertThat(h.header("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
            assertThat(h.query()).isEqualTo(Map.of("EIO", "4", "transport", "websocket"));
            // the url is re-encoded from the query map, in its (unspecified) order
            assertThat(h.url()).isIn("/socket.io/?EIO=4&transport=websocket",
                    "/socket.io/?transport=websocket&EIO=4");
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return frame;
    }
}
