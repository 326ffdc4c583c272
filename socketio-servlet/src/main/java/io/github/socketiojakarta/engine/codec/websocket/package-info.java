/**
 * The WebSocket wire format (RFC 6455) as the server side sees it: an incremental frame parser
 * ({@link io.github.socketiojakarta.engine.codec.websocket.FrameParser}) fed with whatever byte
 * chunks the connection delivers, that unmasks, reassembles fragmented messages up to a limit,
 * validates text as UTF-8 and answers every protocol violation with a typed
 * {@link io.github.socketiojakarta.engine.codec.websocket.FrameException} carrying its close
 * code; and the encoder of the server's unmasked frames
 * ({@link io.github.socketiojakarta.engine.codec.websocket.Frames}). No extensions and no
 * subprotocols are negotiated, so every RSV bit is an error.
 *
 * <p>Pure: no I/O, no container types. A parser is one connection's state (not thread-safe);
 * the static helpers are thread-safe. A parser keeps only a partial frame header and the current
 * message's bytes: nothing per connection while it is idle.
 *
 * <p>May import: the JDK only. Nothing else of ours, no {@code jakarta.*}.
 */
package io.github.socketiojakarta.engine.codec.websocket;
