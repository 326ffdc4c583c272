package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Configuration without code: two web applications on embedded Tomcat whose only cluster
 * setting is their context parameters ({@code socketio.adapter=redis}, {@code
 * socketio.redis.url}, {@code .prefix}, {@code .requestsTimeout}), found through the
 * {@code AdapterProvider} service entry of this jar, exchange a broadcast on a real Redis; the
 * Redis connections close when each application stops.
 */
class RedisContextParamsTest {
    private static final String PREFIX = "app1";
    private static final String REQUESTS = PREFIX + "-request#/#";

    /** The WAR's web.xml context parameters and its {@code @WebListener}, as an initializer. */
    private static ServletContainerInitializer war(String redisUrl, String node) {
        return (classes, ctx) -> {
            ctx.setInitParameter("socketio.adapter", "redis");
            ctx.setInitParameter("socketio.redis.url", redisUrl);
            ctx.setInitParameter("socketio.redis.prefix", PREFIX);
            ctx.setInitParameter("socketio.redis.requestsTimeout", "3000");
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
    void twoApplicationsConfiguredByContextParametersShareBroadcasts() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> commands = connection.sync();
                TestServer a = TestServer.start(war(redis.uri(), "a"), new SocketIoInitializer());
                boolean aRunning = true;
                TestServer b = null;
                try {
                    b = TestServer.start(war(redis.uri(), "b"), new SocketIoInitializer());
                    // both nodes subscribed, under the configured prefix (NUMPAT counts unique
                    // patterns: both nodes use the same one)
                    Awaitility.await("both nodes subscribed").atMost(Duration.ofSeconds(20))
                            .until(() -> numsub(commands) == 2
                                    && commands.pubsubNumpat() == 1);
                    NodeScript.JsonResult r = NodeScript.run("context-params.mjs",
                            "{\"a\":\"" + a.url() + "\",\"b\":\"" + b.url()
                                    + "\",\"timeoutMs\":20000}", Duration.ofSeconds(30));
                    r.assertOk();
                    JsonObject json = r.json();
                    assertThat(json.getString("ack")).isEqualTo("ok");
                    assertThat(json.getJsonObject("heard").toString())
                            .isEqualTo("{\"text\":\"hello\",\"bin\":[1,2],\"node\":\"a\"}");

                    a.close();
                    aRunning = false;
                    // application a stopped: its adapter's connections are gone
                    Awaitility.await("node a unsubscribed").atMost(Duration.ofSeconds(20))
                            .until(() -> numsub(commands) == 1);
                    b.close();
                    b = null;
                    Awaitility.await("every connection but the test's closed")
                            .atMost(Duration.ofSeconds(20))
                            .until(() -> numsub(commands) == 0 && clients(commands) == 1);
                } finally {
                    if (aRunning) {
                        a.close();
                    }
                    if (b != null) {
                        b.close();
                    }
                }
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void settingsMapOntoTheAdapterOptions() {
        Map<String, String> settings = Map.of("redis.prefix", "p",
                "redis.requestsTimeout", "1234", "redis.publishOnSpecificResponseChannel", "true");
        assertThat(RedisAdapterProvider.options(settings::get))
                .isEqualTo(new RedisAdapterOptions("p", 1234, true));
        assertThat(RedisAdapterProvider.options(k -> null)).isEqualTo(RedisAdapterOptions.DEFAULTS);
        assertThatThrownBy(() -> RedisAdapterProvider.options(
                Map.of("redis.requestsTimeout", "soon")::get))
                .hasMessageContaining("socketio.redis.requestsTimeout");
        assertThatThrownBy(() -> RedisAdapterProvider.options(
                Map.of("redis.publishOnSpecificResponseChannel", "yes")::get))
                .hasMessageContaining("true or false");
        assertThat(new RedisAdapterProvider().name()).isEqualTo("redis");
    }

    private static long numsub(RedisCommands<String, String> commands) {
        Long n = commands.pubsubNumsub(REQUESTS).get(REQUESTS);
        return n == null ? 0 : n;
    }

    private static long clients(RedisCommands<String, String> commands) {
        return commands.clientList().lines().filter(l -> !l.isBlank()).count();
    }
}
