package io.github.socketiojakarta.json;

import jakarta.json.JsonValue;
import java.io.StringReader;

/**
 * JSON-P values as arguments, if the JSON-P API is there at all: the API classes are loaded only
 * through {@link Api}, after {@link #AVAILABLE} said they exist. Thread-safe (stateless).
 */
final class JsonpValues {
    /** {@code jakarta.json.JsonValue} as the application sees it, or null without JSON-P. */
    private static final Class<?> VALUE = find();

    private JsonpValues() {}

    /** Whether {@code value} is a JSON-P value. */
    static boolean isValue(Object value) {
        return VALUE != null && VALUE.isInstance(value);
    }

    /** Whether {@code type} is a JSON-P value type. */
    static boolean isValueType(Class<?> type) {
        return VALUE != null && VALUE.isAssignableFrom(type);
    }

    /** Parses JSON text as a JSON-P value; only after {@link #isValueType} said true. */
    static Object read(String json) {
        return Api.read(json);
    }

    private static Class<?> find() {
        try {
            return Class.forName("jakarta.json.JsonValue", false,
                    JsonpValues.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** Holds the references to the JSON-P API. */
    private static final class Api {
        static JsonValue read(String json) {
            try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(
                    new StringReader(json))) {
                return r.readValue();
            }
        }
    }
}
