package io.github.socketiojakarta.example;

import io.github.socketiojakarta.redis.RedisAdapterProvider;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chat on a cluster of two nodes, in real browsers: a real {@code redis-server} started by
 * this test, two embedded Tomcats running the chat's WAR with the context parameters
 * {@code socketio.adapter=redis} and {@code socketio.redis.url}, and {@code socketio-redis} in
 * their {@code WEB-INF/lib}. Alice's Chromium is on node 1, bob's on node 2, and they play
 * {@link ChatBrowserIT}'s scenario: the nickname "Alice" is refused on node 2 while alice is
 * connected on node 1, each sees the other among the room's members and their joins, typing,
 * messages and an image cross both ways, a room created on node 2 shows up on node 1, and after
 * alice's connection is dropped her page rejoins on node 1 and gets the room's history, with
 * bob's message accepted by node 2 in it (the WAR turns connection state recovery on, which the
 * Redis pub/sub adapter does not support: the page comes back as a new socket). Screenshots go to
 * {@code target/screenshots/cluster-<transports>/}.
 */
class ChatClusterBrowserIT {

    @BeforeAll
    static void browserIsInstalled() {
        ChatBrowserIT.browserIsInstalled();
    }

    @ParameterizedTest(name = "transports: {0}")
    @ValueSource(strings = {"default", "polling"})
    void twoUsersOnTwoNodesChatAsOnOne(String transports) throws Exception {
        try (ChatRedis redis = ChatRedis.start()) {
            List<Path> libs = List.of(redisAdapterJar());
            try (ChatLauncher node1 = ChatLauncher.start(0, ChatScenario.warDir(), true,
                    nodeParams(redis, "chat-node-1"), libs);
                    ChatLauncher node2 = ChatLauncher.start(0, ChatScenario.warDir(), true,
                            nodeParams(redis, "chat-node-2"), libs)) {
                ChatBrowserIT.runScenario(transports, node1, node2, "cluster-" + transports,
                        false);
            }
        }
    }

    /**
     * A node's context parameters: the Redis adapter, and its own Weld container id. Weld is
     * loaded once for the test JVM (from the class path, as a Tomcat's shared library), and
     * Weld Servlet registers every container under one default id unless
     * {@code WELD_CONTEXT_ID_KEY} names another: without it the second node's container would
     * replace the first's, and the nodes would share beans (a shared {@code Rooms} would fake
     * the history's crossing).
     */
    private static Map<String, String> nodeParams(ChatRedis redis, String weldId) {
        return Map.of("socketio.adapter", "redis", "socketio.redis.url", redis.uri(),
                "WELD_CONTEXT_ID_KEY", weldId);
    }

    /** The socketio-redis jar of the reactor (the package phase has built it). */
    private static Path redisAdapterJar() throws URISyntaxException {
        return Path.of(RedisAdapterProvider.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
    }
}
