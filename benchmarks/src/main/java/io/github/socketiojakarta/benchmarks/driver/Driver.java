package io.github.socketiojakarta.benchmarks.driver;

import io.github.socketiojakarta.protocol.Json;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load driver: one scenario per run against one bench server, one JSON line of results on
 * stdout, progress on stderr. All clients share one NIO thread speaking minimal Engine.IO /
 * Socket.IO (or the bare framing) over WebSocket or long-polling, so one core carries tens of
 * thousands of connections and hundreds of thousands of messages per second; every result
 * carries the driver's own CPU use so a saturated driver shows.
 *
 * <pre>
 * Driver fanout url=http://127.0.0.1:23000 [proto=sio|bare] clients=1000 [count=100] [size=100]
 *        [warmup=1] [rounds=3] [pause-ms=500] [redis-stats=redis://127.0.0.1:6379]
 * Driver echo   url=... [proto=sio|bare] [transport=websocket|polling] [clients=50]
 *        [warmup-s=3] [seconds=10]
 * Driver idle   url=... [clients=10000] [hold-min-s=30] [hold-max-s=300] [ready-file=F]
 *        [release-file=F]
 * common: [sources=127.0.0.1,127.0.0.2] [concurrency=64] [connect-timeout-s=120]
 *         [server-pid=PID[,PID...]] (for the server's CPU use; of several: their sum)
 * </pre>
 *
 * <p>{@code url} may list several servers, comma-separated (the nodes of a cluster): client
 * {@code i} connects to the {@code i mod n}-th, so client 0, which asks for the broadcasts, is on
 * the first. {@code redis-stats} (fanout): read Redis's counters around each measured round
 * ({@link RedisStats}).
 */
public final class Driver {
    private Driver() {}

    /**
     * @param args the scenario, then {@code key=value} options
     */
    public static void main(String[] args) {
        if (args.length == 0) {
            System.err.println("usage: Driver fanout|echo|idle url=http://host:port key=value...");
            System.exit(2);
        }
        Map<String, Object> result = run(args[0], options(Arrays.copyOfRange(args, 1, args.length)));
        System.out.println(Json.write(result));
        System.exit(0);
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not key=value: " + a);
            }
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return o;
    }

    /** Runs one scenario and returns its result (what {@code main} prints). */
    public static Map<String, Object> run(String scenario, Map<String, String> o) {
        List<String> urls = Arrays.asList(required(o, "url").split(","));
        String proto = o.getOrDefault("proto", "sio");
        String transport = o.getOrDefault("transport", "websocket");
        List<String> sources = o.containsKey("sources")
                ? Arrays.asList(o.get("sources").split(",")) : List.of();
        int concurrency = integer(o, "concurrency", 64);
        long connectTimeout = integer(o, "connect-timeout-s", 120) * 1000L;
        CpuClock server = new CpuClock(Arrays.stream(o.getOrDefault("server-pid", "0").split(","))
                .mapToLong(Long::parseLong).toArray());

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", scenario);
        out.put("proto", proto);
        out.put("transport", transport);
        try (Loop loop = new Loop()) {
            List<Target> targets = urls.stream()
                    .map(u -> Target.of(loop, u, proto, transport, sources)).toList();
            if (targets.size() > 1) {
                out.put("nodes", urls);
            }
            switch (scenario) {
                case "fanout" -> {
                    int clients = integer(o, "clients", 1000);
                    int count = integer(o, "count", 100);
                    int size = integer(o, "size", 100);
                    out.put("clients", clients);
                    out.put("count", count);
                    out.put("size", size);
                    try (RedisStats redis = o.containsKey("redis-stats")
                            ? new RedisStats(o.get("redis-stats")) : null) {
                        Fanout f = new Fanout(loop, targets, count, size, redis);
                        out.put("connect", f.connect(clients, concurrency, connectTimeout, server));
                        out.put("fanout", f.run(integer(o, "warmup", 1), integer(o, "rounds", 3),
                                integer(o, "pause-ms", 500), server));
                        out.put("closeReasons", f.closeReasons());
                        f.closeAll();
                    }
                }
                case "echo" -> {
                    int clients = integer(o, "clients", 50);
                    out.put("clients", clients);
                    Echo e = new Echo(loop, single(targets));
                    out.put("connect", e.connect(clients, concurrency, connectTimeout, server));
                    out.put("echo", e.run(integer(o, "warmup-s", 3) * 1000L,
                            integer(o, "seconds", 10) * 1000L, server));
                    out.put("closeReasons", e.closeReasons());
                    e.closeAll();
                }
                case "idle" -> {
                    int clients = integer(o, "clients", 10000);
                    out.put("clients", clients);
                    Idle i = new Idle(loop, single(targets));
                    out.put("connect", i.connect(clients, concurrency, connectTimeout, server));
                    out.put("idle", i.hold(integer(o, "hold-min-s", 30) * 1000L,
                            integer(o, "hold-max-s", 300) * 1000L, path(o, "ready-file"),
                            path(o, "release-file"), server));
                    out.put("closeReasons", i.closeReasons());
                    i.closeAll();
                }
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
            Scenario.sleep(200); // let the close frames go out
        }
        return out;
    }

    private static Target single(List<Target> targets) {
        if (targets.size() != 1) {
            throw new IllegalArgumentException("this scenario takes one url");
        }
        return targets.get(0);
    }

    private static String required(Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing " + key + "=");
        }
        return v;
    }

    private static int integer(Map<String, String> o, String key, int fallback) {
        String v = o.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static Path path(Map<String, String> o, String key) {
        String v = o.get(key);
        return v == null ? null : Path.of(v);
    }
}
