/**
 * JMH micro-benchmarks of the hot paths without I/O: the Engine.IO codec, the Socket.IO codec
 * and an in-memory broadcast through the adapter. Run with {@code benchmarks/jmh.sh}.
 *
 * <p>May import: the pure parts of the library ({@code engine.codec}, {@code protocol}, the
 * {@code adapter} SPI) and JMH. No container, no server.
 */
package io.github.socketiojakarta.benchmarks.codec;
