package io.github.socketiojakarta.benchmarks.server;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench WAR's application ({@code target/benchmarks-bench.war}, built by this module's
 * {@code bench-war} execution; see {@code benchmarks/README.md}): registers the contract's
 * listeners ({@link BenchListeners}) on the server the library mounts by itself at
 * {@code /socket.io/} with the default options. Declared in the WAR's {@code web.xml} (not
 * annotated, so that nothing scanning this module's classes picks it up). Deployed as
 * {@code ROOT.war} on WildFly or a standalone Tomcat by {@code benchmarks/run.sh}, and by the
 * container tests' {@code BatchesWarIT}.
 *
 * <p>Beside the contract, for those tests only, {@value #BURST}
 * {@code {"sizes":[S1,S2,...],"disconnect":bool}} with an ack: emits to the requesting socket
 * alone, from this one callback, {@value #PART} {@code {"i":<0..n-1>,"pad":"<Si times x>"}}
 * for each size in order, then acks {@code {"count":n}}, then, when {@code disconnect} is true,
 * disconnects the socket and closes its connection: one write batch of small and large packets,
 * and a close right behind it. At most 10,000 sizes of at most 1 MiB each are taken.
 */
public final class BenchWarListener implements ServletContextListener {
    /** The burst request event (not part of the contract). */
    public static final String BURST = "bench:burst";
    /** The events of a burst. */
    public static final String PART = "bench:part";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        SocketIoServer io = SocketIo.server(event.getServletContext());
        BenchListeners.register(io);
        io.onConnection(socket -> socket.on(BURST, e -> {
            Object request = e.args().isEmpty() ? null : e.args().get(0);
            Map<?, ?> map = request instanceof Map<?, ?> m ? m : Map.of();
            List<?> sizes = map.get("sizes") instanceof List<?> l ? l : List.of();
            int n = Math.min(sizes.size(), 10_000);
            for (int i = 0; i < n; i++) {
                int size = sizes.get(i) instanceof Number s
                        ? (int) Math.max(0, Math.min(BenchContract.MAX_SIZE, s.longValue())) : 0;
                Map<String, Object> part = new LinkedHashMap<>(2);
                part.put("i", i);
                part.put("pad", BenchContract.pad(size));
                socket.emit(PART, part);
            }
            e.ack(Map.of("count", n));
            if (Boolean.TRUE.equals(map.get("disconnect"))) {
                socket.disconnect(true);
            }
        }));
    }
}
