/**
 * The transport-neutral Engine.IO v4 core: {@link io.github.socketiojakarta.engine.EngineServer}
 * (request checks against the error table, the session registry, the shared timer and callback
 * pool) and {@link io.github.socketiojakarta.engine.EngineSession} (one session's state machine,
 * bounded queue, heartbeat and close), which is the API of the layer above together with
 * {@link io.github.socketiojakarta.engine.EngineListener}, its only seam upward.
 *
 * <p>Inside, one session is a few classes sharing its one lock: the core
 * ({@code EngineSession}), its long-polling request protocol ({@code PollingTransport}), its
 * WebSocket writer and link ({@code WebSocketTransport}), its upgrade ({@code Upgrade}) and its
 * heartbeat ({@code Heartbeat});
 * {@code WriteCork} batches what a callback sends, {@code SerialExecutor} orders the callbacks.
 * Container bindings reach sessions only through
 * {@link io.github.socketiojakarta.engine.binding}.
 *
 * <p>May import: {@code engine.codec}, {@code engine.binding} and the JDK. Never
 * {@code jakarta.*}, the Socket.IO layer ({@code protocol}, {@code server}), {@code adapter},
 * {@code json} or {@code cdi}.
 */
package io.github.socketiojakarta.engine;
