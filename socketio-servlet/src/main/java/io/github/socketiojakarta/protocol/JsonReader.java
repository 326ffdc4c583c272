package io.github.socketiojakarta.protocol;

import io.github.socketiojakarta.protocol.ParseException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict RFC 8259 recursive-descent parser producing the value model described in {@link Json}.
 *
 * <p>Parses a suffix of a string by index (the decoder hands it the whole frame and the offset of
 * the payload), so error indexes are relative to the whole input. One instance per parse; not
 * thread-safe.
 */
final class JsonReader {

    private final String text;
    private final int end;
    private final int maxDepth;
    private int pos;

    private JsonReader(String text, int start, int maxDepth) {
        this.text = text;
        this.end = text.length();
        this.maxDepth = maxDepth;
        this.pos = start;
    }

    /** Parses {@code text.substring(start)} as exactly one JSON value (surrounded by whitespace). */
    static Object parse(String text, int start, JsonLimits limits) throws ParseException {
        if (text.length() - start > limits.maxLength()) {
            throw new ParseException(Reason.JSON_TOO_LONG, start,
                    "JSON text of " + (text.length() - start) + " chars exceeds the limit of "
                            + limits.maxLength());
        }
        JsonReader reader = new JsonReader(text, start, limits.maxDepth());
        reader.skipWhitespace();
        Object value = reader.value(0);
        reader.skipWhitespace();
        if (reader.pos < reader.end) {
            throw reader.error("unexpected " + ParseException.describe(text.charAt(reader.pos))
                    + " after the JSON value");
        }
        return value;
    }

    private Object value(int depth) throws ParseException {
        if (pos >= end) {
            throw error("unexpected end of JSON text, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object(depth + 1);
            case '[' -> array(depth + 1);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9' -> number();
            default -> throw error("unexpected " + ParseException.describe(c) + ", expected a value");
        };
    }

    private Map<String, Object> object(int depth) throws ParseException {
        checkDepth(depth);
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            if (peek() != '"') {
                throw unexpected("a string key");
            }
            String key = string();
            skipWhitespace();
            if (peek() != ':') {
                throw unexpected("':'");
            }
            pos++;
            skipWhitespace();
            map.put(key, value(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                return map;
            }
            if (c != ',') {
                pos--;
                throw unexpected("',' or '}'");
            }
            skipWhitespace();
        }
    }

    private List<Object> array(int depth) throws ParseException {
        checkDepth(depth);
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            list.add(value(depth));
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                return list;
            }
            if (c != ',') {
                pos--;
                throw unexpected("',' or ']'");
            }
            skipWhitespace();
        }
    }

    private String string() throws ParseException {
        int start = ++pos; // after '"'
        // Fast path: no escapes.
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '"') {
                return text.substring(start, pos++);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            pos++;
        }
        StringBuilder sb = new StringBuilder(Math.max(16, (pos - start) * 2));
        sb.append(text, start, pos);
        while (pos < end) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error("unescaped control character " + ParseException.describe(c) + " in a string");
            }
            if (c != '\\') {
                sb.append(c);
                pos++;
                continue;
            }
            if (pos + 1 >= end) {
                break;
            }
            char e = text.charAt(pos + 1);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    sb.append(unicodeEscape(pos + 2));
                    pos += 4;
                }
                default -> {
                    pos++;
                    throw error("invalid escape " + ParseException.describe(e));
                }
            }
            pos += 2;
        }
        throw error("unterminated string");
    }

    /** Reads the four hex digits at {@code at}; lone surrogates are kept as they are. */
    private char unicodeEscape(int at) throws ParseException {
        if (at + 4 > end) {
            pos = end;
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = at; i < at + 4; i++) {
            char h = text.charAt(i);
            int digit = h >= '0' && h <= '9' ? h - '0'
                    : h >= 'a' && h <= 'f' ? h - 'a' + 10
                    : h >= 'A' && h <= 'F' ? h - 'A' + 10
                    : -1;
            if (digit < 0) {
                pos = i;
                throw error("invalid hex digit " + ParseException.describe(h) + " in \\u escape");
            }
            value = (value << 4) | digit;
        }
        return (char) value;
    }

    private Object number() throws ParseException {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        int intStart = pos;
        if (pos < end && text.charAt(pos) == '0') {
            pos++;
        } else if (pos < end && isDigit(text.charAt(pos))) {
            skipDigits();
        } else {
            throw unexpected("a digit");
        }
        boolean integral = true;
        if (pos < end && text.charAt(pos) == '.') {
            pos++;
            requireDigits();
            integral = false;
        }
        if (pos < end && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            pos++;
            if (pos < end && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            requireDigits();
            integral = false;
        }
        if (integral) {
            int digits = pos - intStart;
            if (digits <= 18) { // cannot overflow a long
                long value = 0;
                for (int i = intStart; i < pos; i++) {
                    value = value * 10 + (text.charAt(i) - '0');
                }
                return start == intStart ? value : -value;
            }
            try {
                return Long.parseLong(text, start, pos, 10);
            } catch (NumberFormatException tooLarge) {
                // falls through to a double, like JavaScript would
            }
        }
        return Double.parseDouble(text.substring(start, pos));
    }

    private void requireDigits() throws ParseException {
        if (pos >= end || !isDigit(text.charAt(pos))) {
            throw unexpected("a digit");
        }
        skipDigits();
    }

    private void skipDigits() {
        while (pos < end && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Object literal(String word, Object value) throws ParseException {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal, expected " + word);
        }
        pos += word.length();
        return value;
    }

    private void checkDepth(int depth) throws ParseException {
        if (depth > maxDepth) {
            throw new ParseException(Reason.JSON_TOO_DEEP, pos,
                    "JSON nesting exceeds the limit of " + maxDepth);
        }
    }

    private void skipWhitespace() {
        while (pos < end) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** Returns the current character, or {@code '\0'} at the end (never valid where peeked). */
    private char peek() {
        return pos < end ? text.charAt(pos) : '\0';
    }

    private ParseException unexpected(String expected) {
        if (pos >= end) {
            return error("unexpected end of JSON text, expected " + expected);
        }
        return error("unexpected " + ParseException.describe(text.charAt(pos)) + ", expected " + expected);
    }

    private ParseException error(String message) {
        return new ParseException(Reason.INVALID_JSON, pos, message);
    }
}
