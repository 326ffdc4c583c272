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
 */
package io.github.socketiojakarta.cdi;
