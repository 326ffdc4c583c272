package io.github.socketiojakarta.benchmarks.server;

import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.ConnectionStateRecovery;
import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.engine.CallbackDispatch;
import io.github.socketiojakarta.redis.RedisAdapterFactory;
import io.github.socketiojakarta.redis.RedisAdapterOptions;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;

/**
 * The Socket.IO bench server: {@link BenchContract} ({@link BenchListeners}) on namespace
 * {@code /} of a {@link SocketIoServer} with the default options, mounted at {@code /socket.io/} of a
 * {@link BenchTomcat}. Started by {@code scripts/bench-server PORT}; runs until killed.
 *
 * <p>With {@code BENCH_ADAPTER=redis} (and {@code REDIS_URL}, default
 * {@code redis://127.0.0.1:6379}) the server uses the Redis adapter
 * ({@link RedisAdapterFactory#connect} with {@link RedisAdapterOptions#DEFAULTS}, wire-compatible
 * with Node's {@code @socket.io/redis-adapter}), so that {@code bench:broadcast} reaches the
 * clients of every node on the same Redis; unset or {@code memory}, the default in-memory
 * adapter. With {@code BENCH_RECOVERY=1}, connection state recovery is on with the reference's
 * defaults (every broadcast is stored and carries an offset).
 */
public final class BenchServer {
    private BenchServer() {}

    /** The server with the contract's listeners (not yet mounted). */
    public static SocketIoServer socketIo() {
        return socketIo(ServerOptions.defaults());
    }

    /** The server with the contract's listeners on these options (not yet mounted). */
    public static SocketIoServer socketIo(ServerOptions options) {
        SocketIoServer io = SocketIoServer.create(options);
        BenchListeners.register(io);
        return io;
    }

    /** Starts the server on {@code 127.0.0.1:port} (0: a free port). */
    public static BenchTomcat start(int port) {
        return start(port, socketIo(withRecoveryFromEnvironment(ServerOptions.builder()).build()));
    }

    /**
     * Starts the server on {@code 127.0.0.1:port} (0: a free port) with this adapter (the
     * caller closes the adapter's resources after stopping the server).
     */
    public static BenchTomcat start(int port, AdapterFactory adapter) {
        return start(port, socketIo(withRecoveryFromEnvironment(ServerOptions.builder())
                .adapter(adapter).build()));
    }

    /**
     * Turns connection state recovery on when {@code BENCH_RECOVERY} is {@code 1}; with
     * {@code BENCH_DISPATCH=pool}, every callback runs on the server's pool (the default
     * {@code reading-thread-when-idle} otherwise; see {@link CallbackDispatch}).
     */
    static ServerOptions.Builder withRecoveryFromEnvironment(ServerOptions.Builder b) {
        if ("1".equals(System.getenv("BENCH_RECOVERY"))) {
            b.connectionStateRecovery(ConnectionStateRecovery.defaults());
        }
        if ("pool".equals(System.getenv("BENCH_DISPATCH"))) {
            b.engine(e -> e.dispatch(CallbackDispatch.POOL));
        }
        return b;
    }

    private static BenchTomcat start(int port, SocketIoServer io) {
        return BenchTomcat.start(port, (classes, ctx) -> SocketIo.install(ctx, io));
    }

    /**
     * The adapter {@code BENCH_ADAPTER} names: null for {@code memory} (or unset), a connected
     * {@link RedisAdapterFactory} on {@code REDIS_URL} for {@code redis}.
     */
    static RedisAdapterFactory adapterFromEnvironment() {
        String name = System.getenv().getOrDefault("BENCH_ADAPTER", "memory");
        return switch (name) {
            case "", "memory" -> null;
            case "redis" -> RedisAdapterFactory.connect(
                    System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"),
                    RedisAdapterOptions.DEFAULTS);
            default -> throw new IllegalArgumentException(
                    "unknown BENCH_ADAPTER " + name + " (memory, redis)");
        };
    }

    /**
     * @param args the port (default 23000)
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 23000;
        RedisAdapterFactory redis = adapterFromEnvironment();
        BenchTomcat tomcat = redis == null ? start(port) : start(port, redis);
        System.out.println("socket.io bench server listening on http://127.0.0.1:" + tomcat.port()
                + "/socket.io/ " + BenchTomcat.settings()
                + (redis == null ? "" : " adapter=redis " + System.getenv().getOrDefault(
                        "REDIS_URL", "redis://127.0.0.1:6379"))
                + ("1".equals(System.getenv("BENCH_RECOVERY")) ? " recovery=on" : "")
                + ("pool".equals(System.getenv("BENCH_DISPATCH")) ? " dispatch=pool" : ""));
        tomcat.await();
    }
}
