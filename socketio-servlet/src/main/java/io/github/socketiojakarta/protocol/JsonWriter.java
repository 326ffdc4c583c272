package io.github.socketiojakarta.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Writes plain Java values as compact JSON the way JavaScript's {@code JSON.stringify} does, in one
 * pass into a caller's {@link StringBuilder}. When created for a packet, it also replaces binaries
 * by {@code {"_placeholder":true,"num":N}} in depth-first order and collects them.
 *
 * <p>One instance per write; not thread-safe.
 */
final class JsonWriter {

    /** Nesting bound when writing: deeper values are almost surely cyclic. */
    static final int MAX_DEPTH = 512;

    /** Doubles below 2^53 in magnitude that are integral print exactly as a long. */
    private static final double EXACT_LONG_LIMIT = 9.007199254740992E15;

    private static final String PLACEHOLDER_KEY = "_placeholder";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    private final ValueWriter fallback;
    private final boolean binaryAllowed;
    private List<byte[]> attachments;
    private boolean placeholderLookalike;

    /**
     * @param out where to append
     * @param fallback writes unknown types, or null to reject them
     * @param binaryAllowed whether binaries become placeholders (packet encoding) or are rejected
     */
    JsonWriter(StringBuilder out, ValueWriter fallback, boolean binaryAllowed) {
        this.out = out;
        this.fallback = fallback;
        this.binaryAllowed = binaryAllowed;
    }

    /** Returns the binaries replaced by placeholders so far, in {@code num} order (maybe empty). */
    List<byte[]> attachments() {
        return attachments == null ? List.of() : attachments;
    }

    /**
     * Returns whether an application map with {@code "_placeholder": true} was written: in a
     * binary packet the receiver would take it for a placeholder.
     */
    boolean wrotePlaceholderLookalike() {
        return placeholderLookalike;
    }

    void write(Object value) {
        write(value, 0);
    }

    private void write(Object value, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s);
        } else if (value instanceof Map<?, ?> map) {
            map(map, depth + 1);
        } else if (value instanceof Collection<?> collection) {
            collection(collection, depth + 1);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Number n) {
            number(n);
        } else if (value instanceof byte[] bytes) {
            binary(bytes);
        } else if (value instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.get(buffer.position(), copy); // absolute: leaves the position alone
            binary(copy);
        } else if (value instanceof CharSequence cs) {
            string(cs.toString());
        } else if (value instanceof Character c) {
            string(String.valueOf(c.charValue()));
        } else if (value instanceof Enum<?> e) {
            string(e.name());
        } else if (isSupportedArray(value)) {
            array(value, depth + 1);
        } else if (fallback != null) {
            fallback.write(value, out);
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName()
                    + " as JSON without a ValueWriter");
        }
    }

    private void map(Map<?, ?> map, int depth) {
        checkDepth(depth);
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Object key = entry.getKey();
            String name = key instanceof Enum<?> e ? e.name() : String.valueOf(key);
            Object value = entry.getValue();
            if (binaryAllowed && Boolean.TRUE.equals(value) && PLACEHOLDER_KEY.equals(name)) {
                placeholderLookalike = true;
            }
            string(name);
            out.append(':');
            write(value, depth);
        }
        out.append('}');
    }

    private void collection(Collection<?> collection, int depth) {
        checkDepth(depth);
        out.append('[');
        if (collection instanceof List<?> list && list instanceof RandomAccess) {
            for (int i = 0, n = list.size(); i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), depth);
            }
        } else {
            boolean first = true;
            for (Object element : collection) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(element, depth);
            }
        }
        out.append(']');
    }

    private void array(Object array, int depth) {
        checkDepth(depth);
        out.append('[');
        if (array instanceof Object[] objects) {
            for (int i = 0; i < objects.length; i++) {
                comma(i);
                write(objects[i], depth);
            }
        } else if (array instanceof int[] ints) {
            for (int i = 0; i < ints.length; i++) {
                comma(i);
                out.append(ints[i]);
            }
        } else if (array instanceof long[] longs) {
            for (int i = 0; i < longs.length; i++) {
                comma(i);
                out.append(longs[i]);
            }
        } else if (array instanceof double[] doubles) {
            for (int i = 0; i < doubles.length; i++) {
                comma(i);
                appendDouble(doubles[i], out);
            }
        } else if (array instanceof boolean[] booleans) {
            for (int i = 0; i < booleans.length; i++) {
                comma(i);
                out.append(booleans[i]);
            }
        } else if (array instanceof short[] shorts) {
            for (int i = 0; i < shorts.length; i++) {
                comma(i);
                out.append(shorts[i]);
            }
        } else if (array instanceof float[] floats) {
            for (int i = 0; i < floats.length; i++) {
                comma(i);
                appendFloat(floats[i], out);
            }
        }
        out.append(']');
    }

    private static boolean isSupportedArray(Object value) {
        return value instanceof Object[] || value instanceof int[] || value instanceof long[]
                || value instanceof double[] || value instanceof boolean[]
                || value instanceof short[] || value instanceof float[];
    }

    private void comma(int index) {
        if (index > 0) {
            out.append(',');
        }
    }

    private void binary(byte[] bytes) {
        if (!binaryAllowed) {
            throw new IllegalArgumentException(
                    "binary data cannot be written as JSON; only EVENT and ACK arguments may hold it");
        }
        if (attachments == null) {
            attachments = new ArrayList<>(2);
        }
        out.append("{\"_placeholder\":true,\"num\":").append(attachments.size()).append('}');
        attachments.add(bytes);
    }

    private void number(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            out.append(n.longValue());
        } else if (n instanceof Double d) {
            appendDouble(d, out);
        } else if (n instanceof Float f) {
            appendFloat(f, out);
        } else if (n instanceof BigInteger || n instanceof BigDecimal) {
            out.append(n); // toString() is valid JSON for both, e.g. 1.5E+3
        } else { // AtomicLong, LongAdder, ...: JavaScript only has doubles
            appendDouble(n.doubleValue(), out);
        }
    }

    private void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException(
                    "value nests deeper than " + MAX_DEPTH + " levels (cyclic?)");
        }
    }

    /** Appends a JSON string literal, escaping like {@code JSON.stringify}. */
    void string(String s) {
        int n = s.length();
        int clean = 0;
        while (clean < n) {
            char c = s.charAt(clean);
            if (isPlain(c)) {
                clean++;
            } else if (Character.isHighSurrogate(c) && clean + 1 < n && Character.isLowSurrogate(s.charAt(clean + 1))) {
                clean += 2;
            } else {
                break;
            }
        }
        if (clean == n) { // the common case: one bulk copy
            out.append('"').append(s).append('"');
            return;
        }
        out.append('"');
        int runStart = 0;
        for (int i = clean; i < n; i++) {
            char c = s.charAt(i);
            if (isPlain(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a well-formed pair is written as it is
                continue;
            }
            out.append(s, runStart, i);
            runStart = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append("\\u") // other control characters and lone surrogates
                        .append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
            }
        }
        out.append(s, runStart, n).append('"');
    }

    /** Returns whether {@code c} is written as it is (surrogates are checked for pairing). */
    private static boolean isPlain(char c) {
        return c >= 0x20 && c != '"' && c != '\\'
                && (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE);
    }

    /** Appends a double like JavaScript's {@code Number.prototype.toString}; NaN/Infinity as null. */
    static void appendDouble(double d, StringBuilder out) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            out.append("null");
        } else if (d == (long) d && Math.abs(d) < EXACT_LONG_LIMIT) {
            out.append((long) d); // also turns -0.0 into 0, as JSON.stringify does
        } else {
            appendJavaScriptForm(Double.toString(d), out);
        }
    }

    static void appendFloat(float f, StringBuilder out) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
            out.append("null");
        } else if (f == (long) f && Math.abs(f) < EXACT_LONG_LIMIT) {
            out.append((long) f);
        } else {
            appendJavaScriptForm(Float.toString(f), out); // the float's own shortest digits
        }
    }

    /**
     * Re-lays the digits of Java's {@code toString} of a finite non-zero number ("123.45",
     * "1.0E-7", "-1.2345E21") following the ECMAScript Number::toString rules: plain notation for
     * 1e-7 &lt; |x| &lt; 1e21, otherwise {@code d.ddde+NN}. Java's digits are shortest on recent
     * JDKs and always round-trip; on JDK 17 a rare value may carry one digit more than V8 prints.
     */
    private static void appendJavaScriptForm(String java, StringBuilder out) {
        int exponentAt = java.indexOf('E');
        if (exponentAt < 0) {
            // Java's plain form (1e-3 <= |x| < 1e7, never integral here) is already JavaScript's.
            out.append(java);
            return;
        }
        int length = java.length();
        int i = 0;
        if (java.charAt(0) == '-') {
            out.append('-');
            i = 1;
        }
        int mantissaEnd = exponentAt;
        int exponent = Integer.parseInt(java, exponentAt + 1, length, 10);
        char[] digits = new char[mantissaEnd - i];
        int count = 0;
        int pointAt = -1;
        for (; i < mantissaEnd; i++) {
            char c = java.charAt(i);
            if (c == '.') {
                pointAt = count;
            } else {
                digits[count++] = c;
            }
        }
        // value = 0.DIGITS x 10^n
        int n = pointAt + exponent; // Java's exponent form always has a point: d.dddE±x
        int first = 0;
        while (first < count && digits[first] == '0') {
            first++;
            n--;
        }
        int last = count;
        while (last > first && digits[last - 1] == '0') {
            last--;
        }
        int k = last - first;
        if (k == 0) {
            out.append('0');
        } else if (k <= n && n <= 21) {
            out.append(digits, first, k);
            for (int z = k; z < n; z++) {
                out.append('0');
            }
        } else if (0 < n && n <= 21) {
            out.append(digits, first, n).append('.').append(digits, first + n, k - n);
        } else if (-6 < n && n <= 0) {
            out.append("0.");
            for (int z = n; z < 0; z++) {
                out.append('0');
            }
            out.append(digits, first, k);
        } else {
            out.append(digits[first]);
            if (k > 1) {
                out.append('.').append(digits, first + 1, k - 1);
            }
            out.append('e').append(n - 1 >= 0 ? '+' : '-').append(Math.abs(n - 1));
        }
    }
}
