package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.adapter.AdapterProvider;
import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.bootstrap.SocketIoInitializer;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Duration;
import java.util.Map;
import java.util.ServiceLoader;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Configuration without code for the Redis Streams adapter: two web applications whose only
 * cluster settings are context parameters ({@code socketio.adapter=redis-streams},
 * {@code socketio.redis.url}, {@code .streamName}, {@code .prefix}, connection state recovery
 * on), found through the {@code AdapterProvider} service entry, exchange a broadcast through the
 * configured stream of a real Redis; their connections close when the applications stop.
 */
class StreamsContextParamsTest {
    private static final String STREAM = "app-stream";
    private static final String CHANNEL = "app1#/#";

    private static ServletContainerInitializer war(String redisUrl, String node) {
        return (classes, ctx) -> {
            ctx.setInitParameter("socketio.adapter", "redis-streams");
            ctx.setInitParameter("socketio.redis.url", redisUrl);
            ctx.setInitParameter("socketio.redis.streamName", STREAM);
            ctx.setInitParameter("socketio.redis.prefix", "app1");
            ctx.setInitParameter("socketio.connectionStateRecovery", "true");
            ctx.addListener(new ServletContextListener() {
                @Override
                public void contextInitialized(ServletContextEvent sce) {
                    SocketIoServer io = SocketIo.server(sce.getServletContext());
                    io.onConnection(socket -> socket.on("shout", e -> {
                        io.emit("heard", e.args().get(0), node);
                        e.ack("ok");
                    }));
                }
            });
        };
    }

    @Test
    void twoApplicationsConfiguredByContextParametersShareBroadcastsThroughTheStream()
            throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> commands = connection.sync();
                TestServer a = TestServer.start(war(redis.uri(), "a"), new SocketIoInitializer());
                TestServer b = null;
                try {
                    b = TestServer.start(war(redis.uri(), "b"), new SocketIoInitializer());
                    Awaitility.await("both nodes subscribed").atMost(Duration.ofSeconds(20))
                            .until(() -> numsub(commands) == 2);
                    NodeScript.JsonResult r = NodeScript.run("context-params.mjs",
                            "{\"a\":\"" + a.url() + "\",\"b\":\"" + b.url()
                                    + "\",\"timeoutMs\":20000}", Duration.ofSeconds(30));
                    r.assertOk();
                    JsonObject json = r.json();
                    assertThat(json.getString("ack")).isEqualTo("ok");
                    assertThat(json.getJsonObject("heard").toString())
                            .isEqualTo("{\"text\":\"hello\",\"bin\":[1,2],\"node\":\"a\"}");
                    // the broadcast went through the configured stream
                    assertThat(commands.xlen(STREAM)).isPositive();
                } finally {
                    a.close();
                    if (b != null) {
                        b.close();
                    }
                }
                Awaitility.await("every connection but the test's closed")
                        .atMost(Duration.ofSeconds(20))
                        .until(() -> numsub(commands) == 0 && commands.clientList().lines()
                                .filter(l -> !l.isBlank()).count() == 1);
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void settingsMapOntoTheOptionsAndTheProviderIsFound() {
        Map<String, String> settings = Map.of("redis.prefix", "p", "redis.streamName", "s",
                "redis.streamCount", "3", "redis.maxLen", "500",
                "redis.sessionKeyPrefix", "k:");
        assertThat(StreamsAdapterProvider.options(settings::get)).isEqualTo(
                new StreamsAdapterOptions("s", 3, "p", false, 500, 100, 5000, "k:", false));
        assertThat(StreamsAdapterProvider.options(k -> null))
                .isEqualTo(StreamsAdapterOptions.DEFAULTS);
        assertThatThrownBy(() -> StreamsAdapterProvider.options(
                Map.of("redis.maxLen", "many")::get))
                .hasMessageContaining("socketio.redis.maxLen");
        assertThat(ServiceLoader.load(AdapterProvider.class).stream()
                .map(p -> p.get().name())).contains("redis", "redis-streams");
        // the reference's hashCode(nsp) % streamCount
        assertThat(StreamsAdapterOptions.DEFAULTS.withStreamCount(3).streamOf("/"))
                .isEqualTo("socket.io-2");
    }

    private static long numsub(RedisCommands<String, String> commands) {
        Long n = commands.pubsubNumsub(CHANNEL).get(CHANNEL);
        return n == null ? 0 : n;
    }
}
