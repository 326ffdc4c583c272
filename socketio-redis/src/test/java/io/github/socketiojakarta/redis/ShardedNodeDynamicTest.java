package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Java node and a Node.js node (socket.io 4.8.3 + {@code createShardedAdapter} of
 * {@code @socket.io/redis-adapter} 8.3.0, subscription mode {@code dynamic}, the default) on one
 * real standalone Redis 7: every operation crosses both ways. Broadcasts (rooms on their own
 * channels, except, socket ids, local, binaries), server-side events with and without acks,
 * fetchSockets, socketsJoin/Leave (the joined rooms then reached on their new channels),
 * broadcasts with acks and disconnectSockets. Driven by {@code src/test/js/sharded-cluster.mjs}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedNodeDynamicTest {
    private static final List<String> ROOMS = List.of("room1");
    private RedisServerProcess redis;
    private ShardedNodeScenario scenario;
    private JsonObject result;

    @BeforeAll
    void cluster() throws Exception {
        redis = RedisServerProcess.start();
        scenario = new ShardedNodeScenario(ShardedRedisAdapterFactory.connect(redis.uri(),
                ShardedAdapterOptions.DEFAULTS));
        result = scenario.run("\"redis\":\"" + redis.uri() + "\"", "all", ROOMS);
    }

    @AfterAll
    void stop() {
        if (scenario != null) {
            scenario.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void broadcastsCrossBothWaysWithRoomsExceptSocketIdsAndBinaries() {
        ShardedChecks.assertBroadcastsCrossed(result, ROOMS);
    }

    @Test
    void everyRequestCrossesBothWays() {
        ShardedChecks.assertRequestsCrossed(result, ROOMS);
    }

    @Test
    void bothNodesUseClusterAdapterUids() {
        assertThat(scenario.factory.adapter("/").uid()).matches("[0-9a-f]{16}");
        assertThat(result.getString("nodeUid")).matches("[0-9a-f]{16}");
    }
}
