package io.github.socketiojakarta.protocol;

/**
 * Writes application objects that {@link Json} does not know (POJOs, records, dates, ...) as JSON.
 *
 * <p>Typically backed by JSON-B in the server layer. The implementation must append exactly one
 * complete, valid JSON value to {@code out}; {@link Json} does not check it. Binary values
 * ({@code byte[]}, {@code ByteBuffer}) inside such objects are not turned into attachments: only
 * binaries found in maps, collections and arrays are.
 *
 * <p>Implementations are called from whatever thread encodes, possibly concurrently, and must be
 * thread-safe.
 */
@FunctionalInterface
public interface ValueWriter {

    /**
     * Appends the JSON text for {@code value}.
     *
     * @param value a non-null object of a type {@link Json} does not handle itself
     * @param out where to append
     * @throws IllegalArgumentException if the value cannot be written
     */
    void write(Object value, StringBuilder out);
}
