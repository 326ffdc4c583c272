/**
 * The transport-neutral Engine.IO v4 core: {@link io.github.socketiojakarta.engine.EngineServer}
 * (request checks against the {@link io.github.socketiojakarta.engine.binding.EngineError error table},
 * the session registry, the shared timer and callback pool) and
 * {@link io.github.socketiojakarta.engine.EngineSession} (one session's state machine, bounded
 * queue, heartbeat and close), which is the API of the layer above together with
 * {@link io.github.socketiojakarta.engine.EngineListener}, its only seam upward: the layer above
 * sees sessions and messages, never transports.
 *
 * <p>Inside, one session is a few classes sharing its one lock: the core
 * ({@code EngineSession}), its long-polling request protocol ({@code PollingTransport}), its
 * WebSocket writer and link ({@code WebSocketTransport}), its upgrade ({@code Upgrade}) and its
 * heartbeat ({@code Heartbeat}); {@code WriteCork} batches what a callback sends,
 * {@code SerialExecutor} orders the callbacks. Container bindings reach sessions only through
 * {@link io.github.socketiojakarta.engine.binding}.
 *
 * <p>May import: {@code engine.codec}, {@code engine.binding} and the JDK. Knows nothing of
 * Socket.IO ({@code protocol}, {@code server}, {@code adapter}, {@code json}, {@code cdi}) nor
 * of the container ({@code container}, {@code bootstrap}, {@code jakarta.*}).
 */
package io.github.socketiojakarta.engine;
