/**
 * The boundary between the engine and a container binding; the only engine package a binding
 * uses besides {@link io.github.socketiojakarta.engine.EngineServer} (to check requests and open
 * sessions), the values it passes ({@code EngineRequest}) and {@code engine.codec}. The
 * error table a binding answers failed requests with,
 * {@link io.github.socketiojakarta.engine.binding.EngineError}, lives here.
 *
 * <p>Two directions, two kinds of types:
 * <ul>
 *   <li>What a binding <em>implements</em> and hands to the engine:
 *       {@link io.github.socketiojakarta.engine.binding.PollExchange} (one pending polling GET)
 *       and {@link io.github.socketiojakarta.engine.binding.WebSocketChannel} (one WebSocket
 *       connection, written a whole batch of packets at a time; extend
 *       {@link io.github.socketiojakarta.engine.binding.FrameChannel} to send a batch frame by
 *       frame).</li>
 *   <li>What a binding <em>calls</em>, implemented inside the engine and handed out by
 *       {@code EngineServer}: {@link io.github.socketiojakarta.engine.binding.PollingLink} (the
 *       polling requests of a session) and
 *       {@link io.github.socketiojakarta.engine.binding.WebSocketLink} (the events of one
 *       WebSocket connection).</li>
 * </ul>
 * So {@code EngineSession}'s public API is only what the layer above (Socket.IO) uses.
 *
 * <p>May import: {@code engine.codec} only (Javadoc may name {@code engine} types): the engine
 * depends on this package, never the reverse, so the two form no cycle. No {@code jakarta.*}, no container types, nothing of the
 * Socket.IO layer.
 */
package io.github.socketiojakarta.engine.binding;
