package io.github.socketiojakarta.json;

import io.github.socketiojakarta.protocol.Json;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default {@link ArgumentMapper}: JSON-B for records and beans (nulls kept, as JavaScript's
 * JSON.stringify keeps them), JSON-P for {@code jakarta.json.JsonValue}s, and no work at all for
 * the plain types the codec handles itself. The JSON-B provider (Yasson on Tomcat, the
 * container's on WildFly) is looked up on first use, and the JSON-B and JSON-P APIs are loaded
 * only when needed, so an application that only sends plain values needs neither (Tomcat has
 * none). Thread-safe.
 */
public final class JsonbArgumentMapper implements ArgumentMapper {
    private volatile JsonbBinding binding;

    private JsonbBinding binding() {
        JsonbBinding b = binding;
        if (b == null) {
            synchronized (this) {
                b = binding;
                if (b == null) {
                    try {
                        b = JsonbBinding.create();
                    } catch (LinkageError e) {
                        throw new IllegalStateException("mapping objects needs the JSON-B API and "
                                + "a provider (for example jakarta.json.bind-api and "
                                + "org.eclipse:yasson) in the application", e);
                    }
                    binding = b;
                }
            }
        }
        return b;
    }

    @Override
    public void write(Object value, StringBuilder out) {
        if (JsonpValues.isValue(value)) {
            out.append(value.toString());
            return;
        }
        out.append(binding().toJson(value));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T convert(Object value, Type type) {
        if (type instanceof Class<?> c) {
            if (value == null) {
                return c.isPrimitive() ? failNull(c) : null;
            }
            if (c.isInstance(value) && !(value instanceof Map || value instanceof List)) {
                return (T) value;
            }
            if (c == Object.class) {
                return (T) value;
            }
            if (JsonpValues.isValueType(c)) {
                Object parsed = JsonpValues.read(Json.write(withoutBinary(value)));
                try {
                    return (T) c.cast(parsed);
                } catch (ClassCastException e) {
                    throw new IllegalArgumentException("cannot map the value to " + c.getName()
                            + ": " + e.getMessage(), e);
                }
            }
        }
        return binding().fromJson(Json.write(withoutBinary(value)), type);
    }

    private static <T> T failNull(Class<?> c) {
        throw new IllegalArgumentException("null cannot be mapped to " + c.getName());
    }

    /** Binary inside a value maps to JSON-B's default for byte[]: an array of numbers. */
    private static Object withoutBinary(Object value) {
        if (value instanceof byte[] b) {
            List<Object> out = new ArrayList<>(b.length);
            for (byte x : b) {
                out.add((long) x);
            }
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>(m.size() * 2);
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey(), withoutBinary(e.getValue()));
            }
            return out;
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(withoutBinary(o));
            }
            return out;
        }
        return value;
    }
}
