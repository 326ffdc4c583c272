package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.ConnectionStateRecovery;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.PersistedSession;
import io.github.socketiojakarta.adapter.RestoredSession;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis Streams adapter between two Java nodes on a real redis-server, at the SPI seam
 * (recording namespaces): the stream entries' exact shape, offsets on both nodes (none for
 * {@code local} and volatile broadcasts), sessions kept on one node and restored on the other
 * with only the packets of the session's rooms and namespace, a session restored once, invalid
 * offsets, a session written just after its restore began, sessions written at close, and Redis going down (local delivery at once, without
 * offsets; new sessions) and coming back.
 */
class StreamsAdapterTest {
    private RedisServerProcess redis;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> commands;
    private final List<StreamsRedisAdapterFactory> factories = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        client = RedisClient.create(redis.uri());
        connection = client.connect();
        commands = connection.sync();
    }

    @AfterEach
    void stop() {
        factories.forEach(StreamsRedisAdapterFactory::close);
        connection.close();
        client.shutdown();
        redis.close();
    }

    private FakeNamespace node(String nsp, boolean recovery) throws Exception {
        StreamsRedisAdapterFactory f = StreamsRedisAdapterFactory.connect(redis.uri(),
                StreamsAdapterOptions.DEFAULTS);
        factories.add(f);
        FakeNamespace ns = new FakeNamespace(nsp);
        if (recovery) {
            ns.recovery = ConnectionStateRecovery.defaults();
        }
        ns.adapter = f.create(ns);
        ns.adapter.init();
        ((StreamsRedisAdapter) ns.adapter).ready().get(10, TimeUnit.SECONDS);
        return ns;
    }

    private static OutboundPacket event(String nsp, Object... args) {
        return OutboundPacket.encode(new SocketPacket.Event(nsp, List.of(args),
                SocketPacket.NO_ACK), null);
    }

    private static BroadcastOptions to(Set<String> rooms, Set<String> except, boolean isVolatile,
            boolean local) {
        return new BroadcastOptions(rooms, except, isVolatile, local, true, -1);
    }

    @Test
    void entriesHaveTheReferenceShapeAndOffsetsAreTheEntryIdsOnBothNodes() throws Exception {
        FakeNamespace a = node("/", true);
        FakeNamespace b = node("/", true);
        FakeNamespace.Socket a1 = a.connect("a1", "room1");
        FakeNamespace.Socket b1 = b.connect("b1", "room1");
        a.adapter.broadcast(event("/", "hello", "world"), to(Set.of("room1"), Set.of(), false,
                false));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !a1.deliveries.isEmpty() && !b1.deliveries.isEmpty());
        List<StreamMessage<String, String>> entries = commands.xrange("socket.io",
                Range.create("-", "+"));
        assertThat(entries).hasSize(1);
        Map<String, String> body = entries.get(0).getBody();
        assertThat(new ArrayList<>(body.keySet())).containsExactly("uid", "nsp", "type", "data");
        assertThat(body.get("nsp")).isEqualTo("/");
        assertThat(body.get("type")).isEqualTo("3");
        assertThat(body.get("data")).isEqualTo("{\"packet\":{\"type\":2,\"data\":[\"hello\","
                + "\"world\"]},\"opts\":{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}}");
        String id = entries.get(0).getId();
        assertThat(a1.deliveries.get(0).args()).containsExactly("hello", "world", id);
        assertThat(b1.deliveries.get(0).args()).containsExactly("hello", "world", id);

        // local: not published, no offset; volatile: published, no offset
        a.adapter.broadcast(event("/", "here"), to(Set.of(), Set.of(), false, true));
        a.adapter.broadcast(event("/", "vol"), to(Set.of(), Set.of(), true, false));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> b1.events().contains("vol") && a1.events().contains("vol"));
        assertThat(a1.deliveries.get(1).args()).containsExactly("here");
        assertThat(a1.deliveries.get(2).args()).containsExactly("vol");
        assertThat(b1.events()).containsExactly("hello", "vol");
        assertThat(commands.xlen("socket.io")).isEqualTo(2);
    }

    @Test
    void aBinaryBroadcastIsTheReferenceBase64MessagePack() {
        Map<String, Object> data = ClusterMessages.broadcast(List.of("file", new byte[] {1, 2, 3}),
                null, BroadcastOptions.ALL);
        Map<String, byte[]> entry = StreamMessages.entry(MessageType.BROADCAST, data, "u", "/",
                false);
        // @msgpack/msgpack's bytes for {packet:{type:2,data:["file",<01 02 03>]},
        // opts:{rooms:[],except:[],flags:{}}}
        assertThat(new String(entry.get("data")))
                .isEqualTo("gqZwYWNrZXSCpHR5cGUCpGRhdGGSpGZpbGXEAwECA6RvcHRzg6Vyb29tc5CmZXhjZXB0kKVmbGFnc4A=");
    }

    @Test
    void aSessionIsRestoredOnceOnTheOtherNodeWithThePacketsItMissed() throws Exception {
        FakeNamespace a = node("/", true);
        FakeNamespace b = node("/", true);
        FakeNamespace other = node("/other", true);
        FakeNamespace.Socket a1 = a.connect("a1", "room1");
        a.adapter.broadcast(event("/", "before"), BroadcastOptions.ALL);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !a1.deliveries.isEmpty());
        String offset = (String) a1.deliveries.get(0).args().get(1);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("user", "u1");
        data.put("bin", new byte[] {7});
        a.adapter.persistSession(new PersistedSession("a1", "pid-1", Set.of("a1", "room1"), data));
        a1.disconnect(false);
        b.adapter.broadcast(event("/", "x", 1), BroadcastOptions.ALL);
        b.adapter.broadcast(event("/", "x", 2), to(Set.of("room1"), Set.of(), false, false));
        b.adapter.broadcast(event("/", "x", 3), to(Set.of("room2"), Set.of(), false, false));
        b.adapter.broadcast(event("/", "x", 4), to(Set.of(), Set.of("room1"), false, false));
        other.adapter.broadcast(event("/other", "x", 5), BroadcastOptions.ALL);
        b.adapter.broadcast(event("/", "x", 6), to(Set.of("a1"), Set.of(), false, false));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> commands.xlen("socket.io") == 7);

        RestoredSession restored = b.adapter.restoreSession("pid-1", offset)
                .get(10, TimeUnit.SECONDS);
        assertThat(restored).isNotNull();
        assertThat(restored.session().sid()).isEqualTo("a1");
        assertThat(restored.session().rooms()).containsExactlyInAnyOrder("a1", "room1");
        assertThat(restored.session().data().get("user")).isEqualTo("u1");
        assertThat((byte[]) restored.session().data().get("bin")).containsExactly(7);
        List<List<Object>> missed = restored.missedPackets().stream()
                .map(p -> ((SocketPacket.Event) p.packet()).args()).toList();
        assertThat(missed).extracting(l -> l.subList(0, 2))
                .containsExactly(List.of("x", 1L), List.of("x", 2L), List.of("x", 6L));
        assertThat(missed).extracting(l -> l.get(2)).doesNotHaveDuplicates()
                .allSatisfy(o -> assertThat((String) o).matches("[0-9]+-[0-9]+"));
        assertThat(commands.exists("sio:session:pid-1")).isZero();
        // once only; bad offsets and unknown sessions give nothing
        assertThat(b.adapter.restoreSession("pid-1", offset).get(10, TimeUnit.SECONDS)).isNull();
        a.adapter.persistSession(new PersistedSession("a1", "pid-2", Set.of("a1"), Map.of()));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> commands.exists("sio:session:pid-2") == 1);
        assertThat(commands.pttl("sio:session:pid-2")).isBetween(100_000L, 120_000L);
        assertThat(b.adapter.restoreSession("pid-2", "not-an-offset").get(10, TimeUnit.SECONDS))
                .isNull();
        assertThat(b.adapter.restoreSession("pid-2", "1-0").get(10, TimeUnit.SECONDS)).isNull();
        assertThat(b.adapter.restoreSession("nobody", offset).get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void aSessionWrittenJustAfterTheRestoreBeganIsStillFound() throws Exception {
        FakeNamespace a = node("/", true);
        FakeNamespace.Socket a1 = a.connect("a1");
        a.adapter.broadcast(event("/", "x", 0), BroadcastOptions.ALL);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !a1.deliveries.isEmpty());
        String offset = (String) a1.deliveries.get(0).args().get(2);
        // the client came back before its old connection's session was written: the restore's
        // first lookup (sent first on the same connection) misses it, the later one finds it
        var restoring = a.adapter.restoreSession("late", offset);
        a.adapter.persistSession(new PersistedSession("a1", "late", Set.of("a1"), Map.of()));
        RestoredSession restored = restoring.get(10, TimeUnit.SECONDS);
        assertThat(restored).isNotNull();
        assertThat(restored.session().sid()).isEqualTo("a1");
        assertThat(restored.missedPackets()).isEmpty();
    }

    @Test
    void sessionsPersistedJustBeforeCloseReachRedis() throws Exception {
        FakeNamespace a = node("/", true);
        for (int i = 0; i < 200; i++) {
            a.adapter.persistSession(new PersistedSession("s" + i, "close-" + i, Set.of("s" + i),
                    Map.of("n", i)));
        }
        a.adapter.close();
        factories.remove(0).close();
        assertThat(commands.keys("sio:session:close-*")).hasSize(200);
    }

    @Test
    void redisDownDeliversLocallyWithoutOffsetsAndRestoresNothingThenRecovers()
            throws Exception {
        FakeNamespace a = node("/", true);
        FakeNamespace b = node("/", true);
        FakeNamespace.Socket a1 = a.connect("a1");
        FakeNamespace.Socket b1 = b.connect("b1");
        redis.kill();
        Awaitility.await("the adapter sees the connection down").atMost(Duration.ofSeconds(10))
                .until(() -> {
                    int before = a1.deliveries.size();
                    a.adapter.broadcast(event("/", "down"), BroadcastOptions.ALL);
                    return a1.deliveries.size() == before + 1
                            && a1.deliveries.get(before).args().equals(List.of("down"));
                });
        a.adapter.persistSession(new PersistedSession("a1", "pid-x", Set.of("a1"), Map.of()));
        assertThat(a.adapter.restoreSession("pid-x", "1-0").get(10, TimeUnit.SECONDS)).isNull();
        redis.restart();
        Awaitility.await("broadcasts cross again").atMost(Duration.ofSeconds(30))
                .until(() -> {
                    a.adapter.broadcast(event("/", "up"), BroadcastOptions.ALL);
                    return b1.events().contains("up");
                });
        List<Object> last = b1.deliveries.get(b1.deliveries.size() - 1).args();
        assertThat((String) last.get(1)).matches("[0-9]+-[0-9]+");
        assertThat(b1.events()).doesNotContain("down");
        // the metrics count the factory's connections that Lettuce connected again
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> factories.get(0).metrics().reconnects() >= 2);
    }
}
