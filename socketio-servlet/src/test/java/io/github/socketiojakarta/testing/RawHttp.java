package io.github.socketiojakarta.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain {@link Socket}, for exact bytes: chunked bodies, bodies held open,
 * aborted or reset connections, WebSocket upgrade requests and their raw frames. Reads give up
 * after 10 s ({@link java.net.SocketTimeoutException}, as an {@link AssertionError}).
 *
 * <p>Not thread-safe: one test thread drives one connection.
 */
public final class RawHttp implements AutoCloseable {
    /** A fixed, valid {@code Sec-WebSocket-Key}. */
    public static final String WS_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttp(int port) {
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects to the loopback port. */
    public static RawHttp connect(int port) {
        return new RawHttp(port);
    }

    /**
     * The head of a request: request line, {@code Host}, the given header lines, blank line.
     *
     * @param headerLines lines like {@code "Content-Length: 5"}
     */
    public static String head(String method, String target, String... headerLines) {
        StringBuilder b = new StringBuilder().append(method).append(' ').append(target)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    /** The head of a WebSocket upgrade request for the target. */
    public static String websocketUpgrade(String target, String... extraHeaderLines) {
        List<String> lines = new ArrayList<>(List.of("Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: " + WS_KEY, "Sec-WebSocket-Version: 13"));
        lines.addAll(List.of(extraHeaderLines));
        return head("GET", target, lines.toArray(String[]::new));
    }

    /** One chunk of a chunked body: hex size, CRLF, data, CRLF. */
    public static String chunk(String data) {
        byte[] b = data.getBytes(StandardCharsets.UTF_8);
        return Integer.toHexString(b.length) + "\r\n" + data + "\r\n";
    }

    /** The last chunk of a chunked body. */
    public static String lastChunk() {
        return "0\r\n\r\n";
    }

    /** Writes text (UTF-8) and flushes. */
    public RawHttp send(String text) {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes and flushes. */
    public RawHttp send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one response: status line, headers, and a body by Content-Length or chunked (none
     * for 1xx, 204 and 304).
     */
    public Response readResponse() {
        try {
            String status = line();
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new AssertionError("not an HTTP status line: " + status);
            }
            int code = Integer.parseInt(parts[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        k -> new ArrayList<>()).add(h.substring(colon + 1).trim());
            }
            byte[] body = new byte[0];
            if (code >= 200 && code != 204 && code != 304) {
                List<String> te = headers.get("transfer-encoding");
                List<String> cl = headers.get("content-length");
                if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
                    body = chunkedBody();
                } else if (cl != null) {
                    body = in.readNBytes(Integer.parseInt(cl.get(0)));
                }
            }
            return new Response(code, headers, body);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no response within the socket timeout", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads one unmasked frame as a server sends it (payload up to 2^31 bytes).
     *
     * @return the opcode and payload
     */
    public WsFrame readFrame() {
        try {
            int b0 = readByte();
            int b1 = readByte();
            long len = b1 & 0x7f;
            if (len == 126) {
                len = (readByte() << 8) | readByte();
            } else if (len == 127) {
                len = 0;
                for (int i = 0; i < 8; i++) {
                    len = (len << 8) | readByte();
                }
            }
            return new WsFrame(b0 & 0x0f, in.readNBytes((int) len));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A masked client text frame (FIN set) with an all-zero mask. */
    public static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
            throw new IllegalArgumentException("short frames only");
        }
        byte[] f = new byte[6 + payload.length];
        f[0] = (byte) 0x81;
        f[1] = (byte) (0x80 | payload.length);
        System.arraycopy(payload, 0, f, 6, payload.length); // mask 0,0,0,0: payload unchanged
        return f;
    }

    /**
     * Waits for the server to close the connection (end of stream or reset), discarding what
     * comes before.
     *
     * @return true if it closed within the socket timeout
     */
    public boolean awaitEof() {
        try {
            byte[] sink = new byte[1024];
            while (in.read(sink) >= 0) {
                // discard
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    /** Closes with a TCP reset (SO_LINGER 0), as a crashed client would. */
    public void reset() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        return b;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            int c = readByte();
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int semi = size.indexOf(';');
            int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (!line().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(n));
            line();
        }
    }

    /**
     * A response read from the socket.
     *
     * @param status the status code
     * @param headers header values by lower-case name
     * @param body the body bytes (empty when none)
     */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        /** The first value of a header (any case), or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * A WebSocket frame read from the server.
     *
     * @param opcode 1 text, 2 binary, 8 close...
     * @param payload the payload
     */
    public record WsFrame(int opcode, byte[] payload) {
        /** The payload as UTF-8 text. */
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }
}
