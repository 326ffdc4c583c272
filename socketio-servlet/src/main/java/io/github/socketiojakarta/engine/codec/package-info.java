/**
 * The Engine.IO v4 wire format: packets, long-polling payloads and the open packet.
 *
 * <p>Pure functions and values: no I/O, no container types. Everything here is thread-safe.
 *
 * <p>May import: the JDK only. Nothing else of ours, no {@code jakarta.*}.
 */
package io.github.socketiojakarta.engine.codec;
