package io.github.socketiojakarta.server;

import io.github.socketiojakarta.json.ArgumentMapper;
import java.lang.reflect.Type;
import java.util.List;

/**
 * The arguments of an event or of an ack answer, as received: plain JSON values ({@code Map},
 * {@code List}, {@code String}, {@code Long}/{@code Double}, {@code Boolean}, {@code null}) with
 * {@code byte[]} where the client sent binary. Typed access maps a value with JSON-B. Immutable.
 */
public final class Arguments {
    private final List<Object> values;
    private final ArgumentMapper mapper;

    Arguments(List<Object> values, ArgumentMapper mapper) {
        this.values = values;
        this.mapper = mapper;
    }

    /** How many arguments there are. */
    public int size() {
        return values.size();
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The raw value of argument {@code i}. */
    public Object get(int i) {
        return values.get(i);
    }

    /**
     * Argument {@code i} mapped to {@code type} (a record, bean, collection, {@code byte[]},
     * {@code String}, JSON-P value...).
     *
     * @throws IllegalArgumentException when it does not map
     * @throws IndexOutOfBoundsException when there is no such argument
     */
    public <T> T get(int i, Class<T> type) {
        return mapper.convert(values.get(i), type);
    }

    /** Argument {@code i} mapped to a generic type, e.g. {@code List<Message>}. */
    public <T> T get(int i, Type type) {
        return mapper.convert(values.get(i), type);
    }

    /** The raw values, unmodifiable. */
    public List<Object> values() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
