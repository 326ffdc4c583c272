package io.github.socketiojakarta.json;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import java.lang.reflect.Type;

/**
 * The one class that touches the JSON-B API, so that it is loaded only when an object is first
 * mapped: a container without JSON-B (Tomcat) runs applications that send and receive plain
 * values only. Thread-safe (a {@link Jsonb} instance is).
 */
final class JsonbBinding {
    private final Jsonb jsonb;

    private JsonbBinding(Jsonb jsonb) {
        this.jsonb = jsonb;
    }

    /**
     * Creates the provider's {@link Jsonb}, keeping null values as JavaScript's JSON.stringify
     * does.
     *
     * @throws IllegalStateException when there is no JSON-B provider
     */
    static JsonbBinding create() {
        try {
            return new JsonbBinding(JsonbBuilder.create(new JsonbConfig().withNullValues(true)));
        } catch (JsonbException | IllegalStateException e) {
            throw new IllegalStateException("mapping objects needs a JSON-B provider "
                    + "(for example org.eclipse:yasson) in the application", e);
        }
    }

    /** @throws IllegalArgumentException when the value cannot be written */
    String toJson(Object value) {
        try {
            return jsonb.toJson(value);
        } catch (JsonbException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName()
                    + " as JSON: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the JSON does not map to the type */
    <T> T fromJson(String json, Type type) {
        try {
            return jsonb.fromJson(json, type);
        } catch (JsonbException | ClassCastException e) {
            throw new IllegalArgumentException("cannot map the value to " + type.getTypeName()
                    + ": " + e.getMessage(), e);
        }
    }
}
