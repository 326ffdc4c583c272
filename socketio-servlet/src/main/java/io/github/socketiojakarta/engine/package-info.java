/**
 * The Engine.IO v4 core, independent of any container: {@link
 * io.github.socketiojakarta.engine.EngineServer} (handshake checks, the {@link
 * io.github.socketiojakarta.engine.EngineError error table}, the session registry, the shared
 * scheduler), {@link io.github.socketiojakarta.engine.EngineSession} (one session's state machine:
 * heartbeat, upgrade, a single writer), the transports behind {@code Transport}, the options and
 * {@link io.github.socketiojakarta.engine.CloseReason}. {@link
 * io.github.socketiojakarta.engine.EngineListener} is the only seam upward: the layer above sees
 * sessions and messages, never transports.
 *
 * <p>May import: its subpackages ({@code engine.codec}, {@code engine.transport} and those added
 * later) and the JDK. Knows nothing of Socket.IO ({@code protocol}, {@code server},
 * {@code adapter}, {@code json}, {@code cdi}) nor of the container ({@code container},
 * {@code bootstrap}, {@code jakarta.*}): the bindings call in through {@code engine.transport}.
 */
package io.github.socketiojakarta.engine;
