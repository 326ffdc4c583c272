package io.github.socketiojakarta.benchmarks.driver;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A minimal RFC 6455 client connection: the HTTP upgrade, unmasked server frames (fragmented
 * messages joined, pings answered), masked client text frames. Text messages go to
 * {@link #onText} as a slice of the read buffer, valid only during the call. Loop thread only.
 */
abstract class WsConnection extends Connection {
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final int MAX_HEADER = 16384;

    private final byte[] upgrade;
    private boolean upgraded;
    private ByteArrayOutputStream fragments;
    private int fragmentOpcode;
    private int maskSeed;

    WsConnection(Loop loop, InetSocketAddress remote, InetSocketAddress local, String host,
            String pathAndQuery, int seed) {
        super(loop, remote, local);
        this.upgrade = ("GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.maskSeed = seed | 1;
    }

    @Override
    final void onConnect() {
        send(upgrade);
    }

    @Override
    final int consume(byte[] b, int off, int len) {
        int p = off;
        int end = off + len;
        if (!upgraded) {
            int h = indexOf(b, off, end, HEADER_END);
            if (h < 0) {
                if (len > MAX_HEADER) {
                    fail("upgrade response too long");
                }
                return 0;
            }
            String status = new String(b, off, Math.min(h - off, 64), StandardCharsets.ISO_8859_1);
            if (!status.startsWith("HTTP/1.1 101")) {
                fail("upgrade refused: " + status.lines().findFirst().orElse(""));
                return len;
            }
            upgraded = true;
            p = h + 4;
            onOpen();
            if (!isOpen()) {
                return len;
            }
        }
        while (end - p >= 2) {
            int b0 = b[p] & 0xff;
            int b1 = b[p + 1] & 0xff;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            boolean masked = (b1 & 0x80) != 0;
            long length = b1 & 0x7f;
            int header = 2;
            if (length == 126) {
                if (end - p < 4) {
                    break;
                }
                length = ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
                header = 4;
            } else if (length == 127) {
                if (end - p < 10) {
                    break;
                }
                length = 0;
                for (int i = 2; i < 10; i++) {
                    length = (length << 8) | (b[p + i] & 0xff);
                }
                header = 10;
            }
            if (masked) {
                header += 4;
            }
            if (length > Loop.READ_BUFFER - 16) {
                fail("frame too long: " + length);
                return len;
            }
            if (end - p < header + length) {
                break;
            }
            int payload = p + header;
            int n = (int) length;
            if (masked) {
                for (int i = 0; i < n; i++) {
                    b[payload + i] ^= b[payload - 4 + (i & 3)];
                }
            }
            p = payload + n;
            frame(opcode, fin, b, payload, n);
            if (!isOpen()) {
                return len;
            }
        }
        return p - off;
    }

    private void frame(int opcode, boolean fin, byte[] b, int off, int len) {
        switch (opcode) {
            case 0x1, 0x2 -> {
                if (fin) {
                    if (opcode == 0x1) {
                        onText(b, off, len);
                    }
                } else {
                    fragments = new ByteArrayOutputStream(Math.max(64, len * 2));
                    fragmentOpcode = opcode;
                    fragments.write(b, off, len);
                }
            }
            case 0x0 -> {
                if (fragments == null) {
                    fail("continuation without a first frame");
                    return;
                }
                fragments.write(b, off, len);
                if (fin) {
                    byte[] whole = fragments.toByteArray();
                    fragments = null;
                    if (fragmentOpcode == 0x1) {
                        onText(whole, 0, whole.length);
                    }
                }
            }
            case 0x8 -> {
                int code = len >= 2 ? ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff) : 1005;
                fail("closed by the server (" + code + ")");
            }
            case 0x9 -> sendFrame(0xA, b, off, len);
            case 0xA -> {
                // unsolicited pong: ignore
            }
            default -> fail("unknown opcode " + opcode);
        }
    }

    /** Sends one text message. */
    final void sendText(byte[] payload) {
        sendFrame(0x1, payload, 0, payload.length);
    }

    /** Sends a close frame (1000) and closes the socket without waiting. */
    final void closeNormally() {
        if (isOpen() && upgraded) {
            sendFrame(0x8, new byte[] {0x03, (byte) 0xe8}, 0, 2);
        }
        closeQuietly();
    }

    private void sendFrame(int opcode, byte[] payload, int off, int len) {
        int header = len < 126 ? 2 : len < 65536 ? 4 : 10;
        byte[] f = new byte[header + 4 + len];
        f[0] = (byte) (0x80 | opcode);
        if (len < 126) {
            f[1] = (byte) (0x80 | len);
        } else if (len < 65536) {
            f[1] = (byte) (0x80 | 126);
            f[2] = (byte) (len >>> 8);
            f[3] = (byte) len;
        } else {
            f[1] = (byte) (0x80 | 127);
            for (int i = 0; i < 8; i++) {
                f[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
            }
        }
        int mask = nextMask();
        f[header] = (byte) (mask >>> 24);
        f[header + 1] = (byte) (mask >>> 16);
        f[header + 2] = (byte) (mask >>> 8);
        f[header + 3] = (byte) mask;
        int p = header + 4;
        for (int i = 0; i < len; i++) {
            f[p + i] = (byte) (payload[off + i] ^ f[header + (i & 3)]);
        }
        send(f);
    }

    private int nextMask() {
        int x = maskSeed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        maskSeed = x;
        return x;
    }

    static int indexOf(byte[] b, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The upgrade succeeded. */
    abstract void onOpen();

    /** A whole text message; the slice is valid only during the call. */
    abstract void onText(byte[] b, int off, int len);
}
