package io.github.socketiojakarta.conformance;

import io.github.socketiojakarta.container.EngineBinding;
import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.engine.EngineOptions;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.time.Duration;
import java.util.Set;

/**
 * Mounts the conformance fixture the official suites run against, when the WAR starts (and on
 * embedded Tomcat, for {@code scripts/conformance-server}):
 * <ul>
 * <li>{@code /engine.io/}: the bare Engine.IO layer echoing every message, text as text and
 *     binary as binary (pingInterval 300, pingTimeout 200, maxPayload 1000000);</li>
 * <li>{@code /socket.io/}: Socket.IO (pingInterval 300, pingTimeout 200, connectTimeout 1000)
 *     with the namespaces {@code /} and {@code /custom} only: each connection gets {@code auth}
 *     with its handshake auth; on {@code /}, {@code message} is echoed as {@code message-back}
 *     and {@code message-with-ack} is acked with its arguments.</li>
 * </ul>
 * With the environment variable {@code ALLOW_EIO3=1}, both also serve Engine.IO v3 clients
 * (Socket.IO v2 clients): {@code allowEIO3}, for the Engine.IO v3 suite.
 * The suites expect it at the root context: deploy the WAR as {@code ROOT.war}. Both servers
 * close (clients told "server shutting down") when the WAR is undeployed.
 *
 * <p>Registered in {@code META-INF/services}; the container calls it once per start of the web
 * application. The WAR's {@code web.xml} sets {@code socketio.enabled=false}, so the library
 * mounts no default server beside these.
 */
public final class ConformanceInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        EngineBinding.install(context, new EngineServer(engineOptions(), new EchoListener()));
        SocketIo.install(context, socketIo());
    }

    /** The options of the {@code /engine.io/} fixture. */
    static EngineOptions engineOptions() {
        return EngineOptions.builder().path("/engine.io/").pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200))
                .maxHttpBufferSize(1_000_000).allowEIO3(allowEIO3()).build();
    }

    /** Whether the environment asks for Engine.IO v3 clients too ({@code ALLOW_EIO3=1}). */
    static boolean allowEIO3() {
        return "1".equals(System.getenv("ALLOW_EIO3"));
    }

    /** The Socket.IO fixture server (not yet mounted). */
    static SocketIoServer socketIo() {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
                .engine(b -> b.pingInterval(Duration.ofMillis(300))
                        .pingTimeout(Duration.ofMillis(200))
                        .allowEIO3(allowEIO3()))
                .connectTimeout(Duration.ofSeconds(1))
                .build());
        io.onConnection(socket -> {
            socket.emit("auth", socket.handshake().auth());
            socket.on("message", e -> socket.emit("message-back", e.args().values().toArray()));
            socket.on("message-with-ack", e -> e.ack(e.args().values().toArray()));
        });
        io.of("/custom").onConnection(socket -> socket.emit("auth", socket.handshake().auth()));
        return io;
    }
}
