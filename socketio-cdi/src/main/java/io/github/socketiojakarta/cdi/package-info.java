/**
 * The CDI bridge: socket events delivered to observer methods, payloads mapped with JSON-B, the
 * server injectable anywhere, and a {@link io.github.socketiojakarta.cdi.SocketScoped} context.
 *
 * <pre>{@code
 * @ApplicationScoped
 * class Chat {
 *     @Inject SocketIoServer io;
 *
 *     void join(@Observes @Connected @OfNamespace("/chat") Socket socket) {
 *         socket.join("lobby");
 *     }
 *
 *     void message(@Observes @OnEvent("message") @OfNamespace("/chat") Incoming<ChatMessage> in) {
 *         io.of("/chat").to("lobby").emit("message", in.data());
 *         in.ack(new Receipt(in.data().id()));
 *     }
 * }
 * }</pre>
 *
 * <p>May import: the public API of {@code socketio-servlet} only (the public types of
 * {@code server}, {@code adapter}, {@code json} and {@code bootstrap}), the CDI APIs
 * ({@code jakarta.enterprise}, {@code jakarta.inject}, {@code jakarta.interceptor},
 * {@code jakarta.annotation}) and {@code jakarta.servlet} (to find the servlet context). Never {@code engine}, {@code container} or
 * {@code protocol}; if the bridge needs more, the library's API is widened on purpose.
 */
package io.github.socketiojakarta.cdi;
