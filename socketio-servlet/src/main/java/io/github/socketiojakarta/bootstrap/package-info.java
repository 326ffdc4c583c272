/**
 * Mounts a Socket.IO server in a web application: {@link
 * io.github.socketiojakarta.bootstrap.SocketIoInitializer} (registered in
 * {@code META-INF/services}) mounts one at {@code /socket.io/} with no code, with options read
 * from the context's {@code socketio.*} init parameters ({@code ContextOptions});
 * {@link io.github.socketiojakarta.bootstrap.SocketIo} installs a given server or finds the
 * context's server.
 *
 * <p>May import: {@code server} (the Socket.IO server and its options), {@code adapter} (the
 * {@link io.github.socketiojakarta.adapter.AdapterProvider} SPI that the {@code socketio.adapter}
 * parameter selects), {@code engine}'s option types, {@code container}'s public {@link io.github.socketiojakarta.container.EngineBinding}
 * and {@code jakarta.servlet}. It is the only place where the Socket.IO layer meets the servlet
 * container; {@code container} itself knows only Engine.IO.
 */
package io.github.socketiojakarta.bootstrap;
