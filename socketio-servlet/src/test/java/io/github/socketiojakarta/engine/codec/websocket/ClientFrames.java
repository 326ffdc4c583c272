package io.github.socketiojakarta.engine.codec.websocket;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds the frames a client sends (masked), and raw ones that break the rules, for tests. */
final class ClientFrames {
    static final int KEY = 0x37FA213D;

    private ClientFrames() {}

    /** A masked frame: FIN as given, the opcode, the payload with KEY, shortest length form. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return raw((fin ? 0x80 : 0) | opcode, true, payload, KEY, false);
    }

    static byte[] text(String s) {
        return frame(true, Frames.TEXT, s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Any frame: the first byte as given, masked or not, the length in its shortest form or
     * (long64) always in the 64-bit form.
     */
    static byte[] raw(int firstByte, boolean masked, byte[] payload, int key, boolean long64) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(firstByte);
        int m = masked ? 0x80 : 0;
        int n = payload.length;
        if (long64 || n > 0xFFFF) {
            out.write(m | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) n >>> shift) & 0xFF);
            }
        } else if (n > 125) {
            out.write(m | 126);
            out.write(n >>> 8);
            out.write(n & 0xFF);
        } else {
            out.write(m | n);
        }
        byte[] body = payload.clone();
        if (masked) {
            for (int s = 24; s >= 0; s -= 8) {
                out.write(key >>> s & 0xFF);
            }
            Masking.unmaskBytewise(body, 0, body.length, key, 0);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] close(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return frame(true, Frames.CLOSE, p);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
