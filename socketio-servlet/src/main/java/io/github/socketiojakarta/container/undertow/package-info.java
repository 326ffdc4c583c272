/**
 * Undertow's (WildFly's) WebSocket write path, behind the engine's binding boundary:
 * {@link io.github.socketiojakarta.container.undertow.UndertowChannel} writes a whole batch of
 * packets with JSR-356 batching and Undertow 2's non-blocking {@code flushBatch}. Elsewhere
 * (another container, another Undertow, or
 * {@code -Dio.github.socketiojakarta.undertowBatching=false}) the plain JSR-356 channel of
 * {@code container} is used.
 *
 * <p>May import: {@code jakarta.websocket}, {@code engine.binding}, {@code engine.codec}.
 * Undertow's classes never (they are recognised by name only).
 */
package io.github.socketiojakarta.container.undertow;
