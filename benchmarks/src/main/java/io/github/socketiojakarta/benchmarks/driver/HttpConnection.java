package io.github.socketiojakarta.benchmarks.driver;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 keep-alive client connection with one request in flight: bodies by
 * {@code Content-Length} or chunked; reconnects for the next request when the server closes.
 * Request heads are cached and responses parsed on the bytes, so a polling round trip costs
 * little more than its two system calls. Loop thread only.
 */
final class HttpConnection extends Connection {
    static final boolean TRACE = System.getenv("DRIVER_TRACE") != null;
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONTENT_LENGTH = ascii("content-length:");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding:");
    private static final byte[] CONNECTION = ascii("connection:");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");

    /** The answer to one request. */
    interface Callback {
        /** A response; the body slice is valid only during the call. */
        void onResponse(int status, byte[] body, int off, int len);

        /** The request failed. */
        void onError(String why);
    }

    private final String host;
    private Callback callback;
    private String cachedKey;
    private byte[] cachedHead;

    HttpConnection(Loop loop, InetSocketAddress remote, InetSocketAddress local, String host) {
        super(loop, remote, local);
        this.host = host;
    }

    /** Sends a request; {@code body} null for a GET. One at a time. */
    void request(String method, String pathAndQuery, byte[] body, Callback cb) {
        if (callback != null) {
            throw new IllegalStateException("a request is in flight");
        }
        callback = cb;
        byte[] head = head(method, pathAndQuery, body != null);
        byte[] request = head;
        if (body != null) {
            byte[] tail = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            request = new byte[head.length + tail.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(tail, 0, request, head.length, tail.length);
            System.arraycopy(body, 0, request, head.length + tail.length, body.length);
        }
        if (TRACE) {
            System.err.println("> " + method + " " + pathAndQuery + " open=" + isOpen());
        }
        if (!isOpen()) {
            open();
        }
        send(request);
    }

    /** The request head; for a POST it ends with "Content-Length: " (the caller adds the rest). */
    private byte[] head(String method, String pathAndQuery, boolean post) {
        String key = method + ' ' + pathAndQuery;
        if (key.equals(cachedKey)) {
            return cachedHead;
        }
        StringBuilder h = new StringBuilder(160).append(key)
                .append(" HTTP/1.1\r\nHost: ").append(host).append("\r\nAccept: */*\r\n");
        h.append(post ? "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: " : "\r\n");
        cachedKey = key;
        cachedHead = ascii(h.toString());
        return cachedHead;
    }

    /** Closes the connection; an outstanding request is dropped silently. */
    void close() {
        callback = null;
        closeQuietly();
    }

    @Override
    void onConnect() {
        // the request is queued already
    }

    @Override
    int consume(byte[] b, int off, int len) {
        int end = off + len;
        int p = off;
        while (p < end) {
            int h = WsConnection.indexOf(b, p, end, HEADER_END);
            if (h < 0) {
                return p - off;
            }
            int status = status(b, p, h);
            long contentLength = 0;
            boolean chunked = false;
            boolean close = false;
            int line = WsConnection.indexOf(b, p, h, CRLF) + 2;
            while (line > 1 && line < h) {
                int lineEnd = WsConnection.indexOf(b, line, h + 2, CRLF);
                if (startsWithIgnoreCase(b, line, lineEnd, CONTENT_LENGTH)) {
                    contentLength = number(b, line + CONTENT_LENGTH.length, lineEnd);
                } else if (startsWithIgnoreCase(b, line, lineEnd, TRANSFER_ENCODING)) {
                    chunked = containsIgnoreCase(b, line, lineEnd, CHUNKED);
                } else if (startsWithIgnoreCase(b, line, lineEnd, CONNECTION)) {
                    close = containsIgnoreCase(b, line, lineEnd, CLOSE);
                }
                line = lineEnd + 2;
            }
            int bodyStart = h + 4;
            byte[] body = b;
            int bodyOff = bodyStart;
            int bodyLen;
            int next;
            if (chunked) {
                ChunkedBody cb = dechunk(b, bodyStart, end);
                if (cb == null) {
                    return p - off;
                }
                body = cb.data;
                bodyOff = 0;
                bodyLen = cb.data.length;
                next = cb.end;
            } else {
                if (end - bodyStart < contentLength) {
                    return p - off;
                }
                bodyLen = (int) contentLength;
                next = bodyStart + bodyLen;
            }
            p = next;
            Callback cb = callback;
            callback = null;
            if (TRACE) {
                System.err.println("< " + status + " "
                        + new String(body, bodyOff, bodyLen, StandardCharsets.UTF_8));
            }
            if (cb != null) {
                cb.onResponse(status, body, bodyOff, bodyLen);
            }
            if (close && isOpen()) {
                closeQuietly();
            }
            if (!isOpen()) {
                return len;
            }
        }
        return p - off;
    }

    private record ChunkedBody(byte[] data, int end) {}

    private static ChunkedBody dechunk(byte[] b, int p, int end) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            int lineEnd = WsConnection.indexOf(b, p, end, CRLF);
            if (lineEnd < 0) {
                return null;
            }
            String sizeText = new String(b, p, lineEnd - p, StandardCharsets.ISO_8859_1);
            int semi = sizeText.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
            int data = lineEnd + 2;
            if (size == 0) {
                int trailerEnd = WsConnection.indexOf(b, lineEnd, end, HEADER_END);
                return trailerEnd < 0 ? null : new ChunkedBody(out.toByteArray(), trailerEnd + 4);
            }
            if (end - data < size + 2) {
                return null;
            }
            out.write(b, data, size);
            p = data + size + 2;
        }
    }

    /** The status code of "HTTP/1.1 200 ...", or -1. */
    private static int status(byte[] b, int p, int end) {
        int s = p + 9;
        if (end - p < 12) {
            return -1;
        }
        int code = 0;
        for (int i = s; i < s + 3; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            code = code * 10 + (b[i] - '0');
        }
        return code;
    }

    private static long number(byte[] b, int p, int end) {
        long n = 0;
        for (int i = p; i < end; i++) {
            if (b[i] >= '0' && b[i] <= '9') {
                n = n * 10 + (b[i] - '0');
            }
        }
        return n;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int p, int end, byte[] lower) {
        if (end - p < lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            if ((b[p + i] | 0x20) != lower[i] && b[p + i] != lower[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean containsIgnoreCase(byte[] b, int p, int end, byte[] lower) {
        for (int i = p; i <= end - lower.length; i++) {
            if (startsWithIgnoreCase(b, i, end, lower)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    void onClosed(String why) {
        Callback cb = callback;
        callback = null;
        if (cb != null) {
            cb.onError(why);
        }
    }
}
