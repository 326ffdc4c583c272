package io.github.socketiojakarta.testing;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import java.util.function.Consumer;

/**
 * A {@link SocketIoServer} mounted on an embedded Tomcat at a free port, the way an application
 * mounts it ({@link SocketIo#install}). Close it to stop both.
 */
public final class SocketIoTestServer implements AutoCloseable {
    private final SocketIoServer io;
    private final TestServer tomcat;

    private SocketIoTestServer(SocketIoServer io) {
        this.io = io;
        this.tomcat = TestServer.start((classes, ctx) -> SocketIo.install(ctx, io));
    }

    /** Starts a server with default options (fast heartbeat for tests is up to the caller). */
    public static SocketIoTestServer start(Consumer<SocketIoServer> setup) {
        return start(b -> { }, setup);
    }

    /** Starts a server with adjusted options, then lets {@code setup} register listeners. */
    public static SocketIoTestServer start(Consumer<ServerOptions.Builder> options,
            Consumer<SocketIoServer> setup) {
        ServerOptions.Builder b = ServerOptions.builder();
        options.accept(b);
        SocketIoServer io = SocketIoServer.create(b.build());
        setup.accept(io);
        return new SocketIoTestServer(io);
    }

    /** The server. */
    public SocketIoServer io() {
        return io;
    }

    /** The port. */
    public int port() {
        return tomcat.port();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return tomcat.url();
    }

    @Override
    public void close() {
        tomcat.close();
        io.close();
    }
}
