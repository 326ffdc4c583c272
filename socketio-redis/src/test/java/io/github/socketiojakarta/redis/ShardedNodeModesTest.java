package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Broadcasts between a Java node and a Node.js node ({@code createShardedAdapter} of
 * {@code @socket.io/redis-adapter} 8.3.0) on one real Redis 7 in each subscription mode, with a
 * raw subscriber on the namespace, room and socket-id channels: both nodes pick the same channel
 * for the same broadcast ({@code static}: the namespace channel; {@code dynamic}: a public
 * room's own channel; {@code dynamic-private}: socket-id rooms too) and write messages of the
 * same shape (JSON, or notepack when a binary is inside).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedNodeModesTest {
    private static final List<String> ROOMS = List.of("room1");
    private static final String MAIN = "socket.io#/#";
    private RedisServerProcess redis;

    @BeforeAll
    void redis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @ParameterizedTest
    @EnumSource(SubscriptionMode.class)
    void broadcastsCrossOnTheChannelsOfTheMode(SubscriptionMode mode) throws Exception {
        JsonObject result;
        String javaUid;
        try (ShardedNodeScenario scenario = new ShardedNodeScenario(ShardedRedisAdapterFactory
                .connect(redis.uri(), ShardedAdapterOptions.DEFAULTS.withSubscriptionMode(mode)))) {
            javaUid = scenario.factory.adapter("/").uid();
            result = scenario.run("\"redis\":\"" + redis.uri() + "\"", "broadcast", ROOMS);
        }
        ShardedChecks.assertBroadcastsCrossed(result, ROOMS);

        String room = mode == SubscriptionMode.STATIC ? MAIN : MAIN + "room1#";
        assertThat(wire(result, "n-room:room1").getString("channel")).isEqualTo(room);
        assertThat(wire(result, "j-room:room1").getString("channel")).isEqualTo(room);
        assertThat(wire(result, "n-except").getString("channel")).isEqualTo(MAIN);
        assertThat(wire(result, "j-except").getString("channel")).isEqualTo(MAIN);
        assertThat(wire(result, "j-rooms").getString("channel")).isEqualTo(MAIN);
        boolean ownChannels = mode == SubscriptionMode.DYNAMIC_PRIVATE;
        assertThat(wire(result, "n-sid").getString("channel")).isEqualTo(ownChannels
                ? MAIN + ShardedChecks.id(result, "javaB") + "#" : MAIN);
        assertThat(wire(result, "j-sid").getString("channel")).isEqualTo(ownChannels
                ? MAIN + ShardedChecks.id(result, "nodeD") + "#" : MAIN);

        // the same shape as the Node.js node's messages
        JsonObject nodeRoom = wire(result, "n-room:room1");
        JsonObject javaRoom = wire(result, "j-room:room1");
        assertThat(nodeRoom.getString("format")).isEqualTo("notepack");
        assertThat(javaRoom.getString("format")).isEqualTo("notepack");
        assertThat(wire(result, "n-except").getString("format")).isEqualTo("json");
        assertThat(wire(result, "j-except").getString("format")).isEqualTo("json");
        JsonObject n = nodeRoom.getJsonObject("message");
        JsonObject j = javaRoom.getJsonObject("message");
        assertThat(new ArrayList<>(j.keySet())).containsExactly("type", "data", "uid", "nsp")
                .isEqualTo(new ArrayList<>(n.keySet()));
        assertThat(j.getInt("type")).isEqualTo(3);
        assertThat(j.getString("uid")).isEqualTo(javaUid);
        assertThat(j.getString("nsp")).isEqualTo("/");
        assertThat(new ArrayList<>(j.getJsonObject("data").keySet()))
                .isEqualTo(new ArrayList<>(n.getJsonObject("data").keySet()))
                .containsExactly("packet", "opts");
        assertThat(new ArrayList<>(j.getJsonObject("data").getJsonObject("packet").keySet()))
                .isEqualTo(new ArrayList<>(n.getJsonObject("data").getJsonObject("packet")
                        .keySet()))
                .containsExactly("type", "data");
        assertThat(j.getJsonObject("data").getJsonObject("opts").toString())
                .isEqualTo(n.getJsonObject("data").getJsonObject("opts").toString())
                .isEqualTo("{\"rooms\":[\"room1\"],\"except\":[],\"flags\":{}}");
        assertThat(flags(wire(result, "j-volatile")))
                .isEqualTo(flags(wire(result, "n-flags")));
        assertThat(wires(result, "j-local")).isEmpty();
        assertThat(wires(result, "j-room:room1")).hasSize(1);
    }

    private static JsonObject flags(JsonObject wire) {
        return wire.getJsonObject("message").getJsonObject("data").getJsonObject("opts")
                .getJsonObject("flags");
    }

    private static JsonObject wire(JsonObject result, String event) {
        List<JsonObject> all = wires(result, event);
        assertThat(all).as("%s on the wire", event).isNotEmpty();
        return all.get(0);
    }

    /** The messages the raw subscriber saw carrying {@code event}. */
    private static List<JsonObject> wires(JsonObject result, String event) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : result.getJsonArray("wire")) {
            JsonObject w = v.asJsonObject();
            JsonObject data = w.getJsonObject("message").getJsonObject("data");
            if (data != null && data.containsKey("packet")
                    && data.getJsonObject("packet").getJsonArray("data").getString(0)
                    .equals(event)) {
                out.add(w);
            }
        }
        return out;
    }
}
