package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.LocalSocket;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import io.github.socketiojakarta.server.Arguments;
import io.github.socketiojakarta.server.BroadcastOperator;
import io.github.socketiojakarta.server.Event;
import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.RemoteSocket;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A Java node with the sharded adapter next to the Node.js node of {@code
 * src/test/js/sharded-cluster.mjs} (socket.io 4.8.3 + {@code createShardedAdapter} of
 * {@code @socket.io/redis-adapter} 8.3.0): starts the Java server, runs the script against it and
 * returns the script's result. The script drives the Java node through the {@code relay}
 * (broadcast as asked) and {@code op} (requests) events of a Java client. Close it to stop the
 * Java server and the factory (the Redis belongs to the caller).
 */
final class ShardedNodeScenario implements AutoCloseable {
    final ShardedRedisAdapterFactory factory;
    final SocketIoTestServer java;
    private final List<List<Object>> serverEvents = new CopyOnWriteArrayList<>();

    ShardedNodeScenario(ShardedRedisAdapterFactory factory) throws Exception {
        this.factory = factory;
        this.java = SocketIoTestServer.start(
                b -> b.adapter(ns -> factory.create(new Answering(ns))), this::setup);
        factory.adapter("/").ready().get(20, TimeUnit.SECONDS);
    }

    /**
     * Runs the script.
     *
     * @param redis {@code "redis":"redis://..."} or {@code "cluster":[ports]}
     * @param scope {@code broadcast} or {@code all}
     */
    JsonObject run(String redis, String scope, List<String> rooms) {
        JsonArrayBuilder r = Json.createArrayBuilder();
        rooms.forEach(r::add);
        String argsJson = "{" + redis + ",\"javaUrl\":\"" + java.url() + "\",\"mode\":\""
                + factory.options().subscriptionMode().wireName() + "\",\"scope\":\"" + scope
                + "\",\"rooms\":" + r.build() + ",\"timeoutMs\":50000}";
        NodeScript.JsonResult result = NodeScript.run("sharded-cluster.mjs", argsJson,
                Duration.ofSeconds(65));
        result.assertOk();
        System.out.println("step timings (ms since start): " + result.json().get("timings"));
        return result.json();
    }

    @SuppressWarnings("unchecked")
    private void setup(SocketIoServer io) {
        Namespace main = io.of("/");
        main.onServerSideEvent("cluster:event", e -> serverEvents.add(e.args().values()));
        main.onConnection(socket -> {
            socket.data().put("node", "java");
            socket.data().put("bin", new byte[] {6});
            if (socket.handshake().auth().get("rooms") instanceof List<?> rooms) {
                socket.join(rooms.toArray(new String[0]));
            }
            socket.emit("welcome", socket.id());
            socket.on("whoami", e -> e.ack(new ArrayList<>(new TreeSet<>(socket.rooms()))));
            socket.on("relay", e -> relay(main, (Map<String, Object>) e.args().get(0), e));
            socket.on("op", e -> op(main, (Map<String, Object>) e.args().get(0), e));
        });
    }

    /** Broadcasts from this node as the script asks (rooms, except, flags). */
    @SuppressWarnings("unchecked")
    private static void relay(Namespace nsp, Map<String, Object> t, Event e) {
        BroadcastOperator op = nsp.to(strings(t.get("rooms"))).except(strings(t.get("except")));
        if (Boolean.TRUE.equals(t.get("local"))) {
            op = op.local();
        }
        if (Boolean.TRUE.equals(t.get("volatile"))) {
            op = op.asVolatile();
        }
        if (Boolean.FALSE.equals(t.get("compress"))) {
            op = op.compress(false);
        }
        op.emit((String) t.get("event"), ((List<Object>) t.get("args")).toArray());
        e.ack("ok");
    }

    @SuppressWarnings("unchecked")
    private void op(Namespace main, Map<String, Object> o, Event e) {
        Map<String, Object> t = (Map<String, Object>) o.getOrDefault("target", Map.of());
        BroadcastOperator op = main.to(strings(t.get("rooms"))).except(strings(t.get("except")));
        switch ((String) o.get("op")) {
            case "server-events" -> e.ack(new ArrayList<>(serverEvents));
            case "server-side-emit" -> {
                main.serverSideEmit("cluster:event", ((List<Object>) o.get("payload")).toArray());
                e.ack("ok");
            }
            case "server-side-emit-with-ack" -> main.serverSideEmitWithAck(
                    Duration.ofMillis((Long) o.get("timeoutMs")), "cluster:event",
                    ((List<Object>) o.get("payload")).toArray())
                    .whenComplete((list, err) -> e.ack(answers(list, err)));
            case "fetch" -> op.fetchSockets().whenComplete((list, err) -> {
                List<Object> out = new ArrayList<>();
                if (list != null) {
                    list.stream().sorted(Comparator.comparing(RemoteSocket::id)).forEach(s -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", s.id());
                        m.put("rooms", new ArrayList<>(new TreeSet<>(s.rooms())));
                        m.put("data", s.data());
                        out.add(m);
                    });
                } else {
                    out.add(Map.of("error", String.valueOf(err)));
                }
                e.ack(out);
            });
            case "sockets-join" -> {
                op.socketsJoin((String) o.get("room"));
                e.ack("ok");
            }
            case "sockets-leave" -> {
                op.socketsLeave((String) o.get("room"));
                e.ack("ok");
            }
            case "disconnect-sockets" -> {
                op.disconnectSockets(Boolean.TRUE.equals(o.get("close")));
                e.ack("ok");
            }
            case "emit-with-ack" -> op.timeout(Duration.ofMillis((Long) o.get("timeoutMs")))
                    .emitWithAck((String) o.get("event"), o.get("payload"))
                    .whenComplete((list, err) -> e.ack(answers(list, err)));
            default -> e.ack("unknown op");
        }
    }

    /**
     * Answers server-side events that ask for an ack at the SPI seam, as {@code
     * RedisNodeRequestsTest} does: the server's {@code Namespace} does not hand the reply to its
     * listeners yet.
     */
    private record Answering(NamespaceHandle delegate) implements NamespaceHandle {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public LocalSocket socket(String id) {
            return delegate.socket(id);
        }

        @Override
        public Collection<? extends LocalSocket> sockets() {
            return delegate.sockets();
        }

        @Override
        public long nextAckId() {
            return delegate.nextAckId();
        }

        @Override
        public void onServerSideEvent(List<Object> args, Consumer<List<Object>> reply) {
            delegate.onServerSideEvent(args, null);
            if (reply != null) {
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("node", "java");
                answer.put("args", args.subList(1, args.size()));
                reply.accept(List.of(answer));
            }
        }
    }

    private static Map<String, Object> answers(List<Arguments> list, Throwable err) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (err != null) {
            m.put("error", String.valueOf(err.getMessage()));
        } else {
            List<Object> responses = new ArrayList<>();
            list.forEach(a -> responses.add(a.values().size() == 1 ? a.get(0) : a.values()));
            m.put("responses", responses);
        }
        return m;
    }

    static String[] strings(Object list) {
        return list == null ? new String[0] : ((List<?>) list).toArray(new String[0]);
    }

    @Override
    public void close() {
        java.close();
        factory.close();
    }
}
