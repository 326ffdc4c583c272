package io.github.socketiojakarta.benchmarks.server;

import io.github.socketiojakarta.server.SocketIoServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contract's listeners ({@link BenchContract}) on namespace {@code /} of a server: the same
 * code for the embedded bench server ({@link BenchServer}) and the bench WAR
 * ({@link BenchWarListener}). Depends on the library's public API only, so that the WAR carries
 * nothing else of this module. Stateless.
 */
public final class BenchListeners {
    private BenchListeners() {}

    /** Registers {@code bench:echo} and {@code bench:broadcast} on {@code io}'s namespace {@code /}. */
    public static void register(SocketIoServer io) {
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
    }
}
