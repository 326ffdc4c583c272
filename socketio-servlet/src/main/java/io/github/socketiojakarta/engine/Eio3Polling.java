package io.github.socketiojakarta.engine;

import io.github.socketiojakarta.engine.binding.PollExchange;
import io.github.socketiojakarta.engine.codec.Eio3Codec;
import io.github.socketiojakarta.engine.codec.EngineParseException;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The long-polling payloads of an Engine.IO v3 session (a Socket.IO v2 client), fixed by its
 * handshake request: length-prefixed text payloads, the binary payload framing for a client
 * that takes binary (no {@code b64} parameter), or JSONP when the handshake has a {@code j}
 * parameter (the GET answers a script calling {@code ___eio[j]}, POSTs are forms whose field
 * {@code d} holds the payload). See {@link Eio3Codec}.
 *
 * <p>Immutable and thread-safe.
 */
final class Eio3Polling {
    private static final String TEXT = "text/plain; charset=UTF-8";
    private static final String BINARY = "application/octet-stream";

    /** Whether binary messages go in binary payloads (else {@code b4<base64>}). */
    private final boolean binary;
    /** The JSONP callback index (digits only), or null when not JSONP. */
    private final String jsonp;

    private Eio3Polling(boolean binary, String jsonp) {
        this.binary = binary;
        this.jsonp = jsonp;
    }

    /** The payload format a v3 handshake asks for. */
    static Eio3Polling of(EngineRequest handshake) {
        String j = handshake.query().get("j");
        String index = j == null ? null : j.replaceAll("[^0-9]", "");
        return new Eio3Polling(index == null && handshake.query().get("b64") == null, index);
    }

    /** Whether the client may POST binary payloads ({@code application/octet-stream}). */
    boolean acceptsBinaryPosts() {
        return jsonp == null;
    }

    /** Answers a GET with the packets. */
    void answer(PollExchange get, List<EnginePacket> packets) {
        if (jsonp != null) {
            String script = "___eio[" + jsonp + "](" + jsString(Eio3Codec.encodePayload(packets))
                    + ");";
            get.sendBody(script.getBytes(StandardCharsets.UTF_8), TEXT);
        } else if (binary && Eio3Codec.hasBinary(packets)) {
            get.sendBody(Eio3Codec.encodeBinaryPayload(packets), BINARY);
        } else {
            get.sendBody(Eio3Codec.encodePayload(packets).getBytes(StandardCharsets.UTF_8), TEXT);
        }
    }

    /**
     * Decodes a text POST body: a payload, or for JSONP a form whose field {@code d} is one.
     *
     * @throws EngineParseException when it is not one
     */
    List<EnginePacket> decode(String body, int maxPackets) throws EngineParseException {
        return Eio3Codec.decodePayload(jsonp == null ? body : formPayload(body), maxPackets);
    }

    /** The field {@code d} of a JSONP form, with the client's newline escapes undone. */
    private static String formPayload(String form) throws EngineParseException {
        String d = null;
        try {
            for (String pair : form.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
                        StandardCharsets.UTF_8);
                if (name.equals("d")) {
                    d = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1),
                            StandardCharsets.UTF_8);
                    break;
                }
            }
        } catch (IllegalArgumentException e) {
            throw new EngineParseException("a JSONP form that does not decode");
        }
        if (d == null) {
            throw new EngineParseException("a JSONP form without its field d");
        }
        // the client wrote a newline as \n and a \n as \\n
        StringBuilder out = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (c == '\\' && d.startsWith("\\\\n", i)) {
                out.append("\\n");
                i += 2;
            } else if (c == '\\' && d.startsWith("\\n", i)) {
                out.append('\n');
                i += 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A JavaScript string literal (JSON, with U+2028 and U+2029 escaped too). */
    static String jsString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    boolean lone = Character.isSurrogate(c) && !(Character.isHighSurrogate(c)
                            && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)));
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || lone) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                        if (Character.isHighSurrogate(c)) {
                            b.append(s.charAt(++i));
                        }
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
