package io.github.socketiojakarta.json;

import io.github.socketiojakarta.protocol.ValueWriter;
import java.lang.reflect.Type;

/**
 * Maps event arguments and ack values between Java objects and the plain JSON values the codec
 * works with ({@code Map}, {@code List}, {@code String}, {@code Long}/{@code Double},
 * {@code Boolean}, {@code null}, and {@code byte[]} for binary).
 *
 * <p>As a {@link ValueWriter} it writes objects the codec does not know (records, beans,
 * JSON-P values) as JSON. Implementations must be thread-safe.
 */
public interface ArgumentMapper extends ValueWriter {

    /**
     * Converts a plain JSON value to {@code type}.
     *
     * @throws IllegalArgumentException when the value does not map to the type
     */
    <T> T convert(Object value, Type type);
}
