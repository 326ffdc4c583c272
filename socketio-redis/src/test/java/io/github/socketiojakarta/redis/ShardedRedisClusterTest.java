package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.Partitions;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A Java node and a Node.js node ({@code createShardedAdapter}, dynamic mode, ioredis {@code
 * Cluster} with sharded subscribers) on a real three-master Redis Cluster started by the test:
 * broadcasts to rooms whose channels live on each of the three masters, and every request, cross
 * both ways. The Java node's subscriptions are routed to the slot owners by Lettuce and its
 * server count sums {@code SHARDNUMSUB} over the nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedRedisClusterTest {
    private RedisClusterProcess redis;
    private ShardedNodeScenario scenario;
    private List<String> rooms;
    private Map<String, String> masterOfRoom;
    private JsonObject result;

    @BeforeAll
    void cluster() throws Exception {
        redis = RedisClusterProcess.start(3);
        masterOfRoom = roomsOnEachMaster(redis.uris());
        rooms = new ArrayList<>(masterOfRoom.keySet());
        scenario = new ShardedNodeScenario(ShardedRedisAdapterFactory.connectCluster(
                redis.uris(), ShardedAdapterOptions.DEFAULTS));
        String ports = redis.ports().stream().map(String::valueOf)
                .collect(Collectors.joining(",", "[", "]"));
        result = scenario.run("\"cluster\":" + ports, "all", rooms);
    }

    /** One room per master: the first {@code room-N} whose channel hashes to that master. */
    private static Map<String, String> roomsOnEachMaster(List<String> uris) {
        List<RedisURI> seeds = uris.stream().map(RedisURI::create).toList();
        RedisClusterClient client = RedisClusterClient.create(seeds);
        try {
            client.refreshPartitions();
            Partitions partitions = client.getPartitions();
            Map<String, String> byMaster = new LinkedHashMap<>();
            for (int i = 0; byMaster.size() < 3 && i < 1000; i++) {
                String room = "room-" + i;
                String master = partitions.getPartitionBySlot(
                        SlotHash.getSlot("socket.io#/#" + room + "#")).getNodeId();
                byMaster.putIfAbsent(master, room);
            }
            Map<String, String> out = new LinkedHashMap<>();
            byMaster.forEach((master, room) -> out.put(room, master));
            return out;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
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
    void theRoomChannelsLiveOnThreeDifferentMasters() {
        assertThat(rooms).hasSize(3);
        assertThat(masterOfRoom.values()).doesNotHaveDuplicates();
    }

    @Test
    void broadcastsToRoomsOnEveryMasterCrossBothWays() {
        ShardedChecks.assertBroadcastsCrossed(result, rooms);
    }

    @Test
    void everyRequestCrossesBothWays() {
        ShardedChecks.assertRequestsCrossed(result, rooms);
    }
}
