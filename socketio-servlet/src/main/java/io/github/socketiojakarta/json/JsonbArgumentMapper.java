package io.github.socketiojakarta.json;

import io.github.socketiojakarta.protocol.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.io.StringReader;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default {@link ArgumentMapper}: JSON-B for records and beans (nulls kept, as JavaScript's
 * JSON.stringify keeps them), JSON-P for {@link JsonValue}s, and no work at all for the plain
 * types the codec handles itself. The JSON-B provider (Yasson on Tomcat, the container's on
 * WildFly) is looked up on first use, so an application that only sends plain values needs none.
 * Thread-safe.
 */
public final class JsonbArgumentMapper implements ArgumentMapper {
    private volatile Jsonb jsonb;

    private Jsonb jsonb() {
        Jsonb j = jsonb;
        if (j == null) {
            synchronized (this) {
                j = jsonb;
                if (j == null) {
                    try {
                        j = JsonbBuilder.create(new JsonbConfig().withNullValues(true));
                    } catch (JsonbException | IllegalStateException e) {
                        throw new IllegalStateException("mapping objects needs a JSON-B provider "
                                + "(for example org.eclipse:yasson) in the application", e);
                    }
                    jsonb = j;
                }
            }
        }
        return j;
    }

    @Override
    public void write(Object value, StringBuilder out) {
        if (value instanceof JsonValue v) {
            out.append(v.toString());
            return;
        }
        try {
            out.append(jsonb().toJson(value));
        } catch (JsonbException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName()
                    + " as JSON: " + e.getMessage(), e);
        }
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
            if (JsonValue.class.isAssignableFrom(c)) {
                String text = Json.write(withoutBinary(value));
                try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(
                        new StringReader(text))) {
                    return (T) c.cast(r.readValue());
                }
            }
        }
        try {
            return jsonb().fromJson(Json.write(withoutBinary(value)), type);
        } catch (JsonbException | ClassCastException e) {
            throw new IllegalArgumentException("cannot map the value to " + type.getTypeName()
                    + ": " + e.getMessage(), e);
        }
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
