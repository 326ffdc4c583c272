package io.github.socketiojakarta.benchmarks.server;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Socket.IO bench server: {@link BenchContract} on namespace {@code /} of a
 * {@link SocketIoServer} with the default options, mounted at {@code /socket.io/} of a
 * {@link BenchTomcat}. Started by {@code scripts/bench-server PORT}; runs until killed.
 */
public final class BenchServer {
    private BenchServer() {}

    /** The server with the contract's listeners (not yet mounted). */
    public static SocketIoServer socketIo() {
        SocketIoServer io = SocketIoServer.create(ServerOptions.defaults());
        io.onConnection(socket -> {
            socket.on(BenchContract.ECHO, e -> e.ack(e.args().isEmpty() ? null : e.args().get(0)));
            socket.on(BenchContract.BROADCAST, e -> {
                Object request = e.args().isEmpty() ? null : e.args().get(0);
                int count = BenchContract.count(request);
                int size = BenchContract.size(request);
                String pad = BenchContract.pad(size);
                for (int i = 0; i < count; i++) {
                    Map<String, Object> message = new LinkedHashMap<>(4);
                    message.put("t", System.currentTimeMillis());
                    message.put("i", i);
                    message.put("pad", pad);
                    io.emit(BenchContract.MESSAGE, message);
                }
                Map<String, Object> answer = new LinkedHashMap<>(4);
                answer.put("count", count);
                answer.put("size", size);
                answer.put("clients", io.sockets().sockets().size());
                e.ack(answer);
            });
        });
        return io;
    }

    /** Starts the server on {@code 127.0.0.1:port} (0: a free port). */
    public static BenchTomcat start(int port) {
        SocketIoServer io = socketIo();
        return BenchTomcat.start(port, (classes, ctx) -> SocketIo.install(ctx, io));
    }

    /**
     * @param args the port (default 23000)
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 23000;
        BenchTomcat tomcat = start(port);
        System.out.println("socket.io bench server listening on http://127.0.0.1:" + tomcat.port()
                + "/socket.io/ " + BenchTomcat.settings());
        tomcat.await();
    }
}
