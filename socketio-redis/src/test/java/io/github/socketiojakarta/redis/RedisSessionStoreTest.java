package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.admin.AdminOptions;
import io.github.socketiojakarta.admin.AdminUi;
import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.bootstrap.SocketIoInitializer;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.json.JsonObject;
import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@link RedisSessionStore} on a real redis-server: the README's code; what it writes (the key,
 * value and expiry of the reference's {@code RedisStore}), what it finds (also keys written as
 * the reference writes them), a Redis that comes up after the store, closing; and
 * {@code socketio.admin.store=redis} in a web application configured by context parameters
 * only, whose store's connection closes with the application.
 */
class RedisSessionStoreTest {
    /** The bcrypt hash of {@code changeit} (the feature fixture's admin password). */
    private static final String HASH =
            "$2b$10$PkXuFN1d2ydou6Ig8OcrKeB4fXIjyz5OyECoNIULPEbYkE.rXFcL.";

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(10, TimeUnit.SECONDS);
    }

    static RedisSessionStore instrument(SocketIoServer io, String redisUrl, String passwordHash) {
        // README:STORE:BEGIN
        RedisSessionStore store = RedisSessionStore.connect(redisUrl); // e.g. redis://redis:6379
        AdminUi.instrument(io, AdminOptions.builder()
                .basicAuth("admin", passwordHash)
                .serverId("node-1")
                .store(store)
                .build());
        // after the server: store.close();
        // README:STORE:END
        return store;
    }

    @Test
    void theReadmeCodeKeepsTheSessionsInRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            SocketIoServer io = SocketIoServer.create();
            RedisSessionStore store = instrument(io, redis.uri(), HASH);
            try (TestServer server = TestServer.start((c, ctx) -> SocketIo.install(ctx, io))) {
                JsonObject r = NodeScript.run("cluster-admin-session.mjs", "{\"login\":\""
                        + server.url() + "\",\"reuse\":[\"" + server.url() + "\"],"
                        + "\"timeoutMs\":15000}", Duration.ofSeconds(25)).assertOk().json();
                assertThat(r.getJsonArray("reused").getString(0)).isEqualTo("connected");
                assertThat(get(store.exists(r.getString("session")))).isTrue();
            } finally {
                store.close();
            }
        }
    }

    @Test
    void theReadmeShowsThisCode() throws Exception {
        Path base = NodeScript.moduleDir();
        String test = Files.readString(base.resolve(
                "src/test/java/io/github/socketiojakarta/redis/RedisSessionStoreTest.java"));
        String snippet = test.substring(test.indexOf("// README:STORE:BEGIN") + 21,
                test.indexOf("        // README:STORE:END")).stripTrailing().stripIndent().strip();
        String readme = Files.readString(base.resolve("../README.md"));
        assertThat(readme).contains(snippet, "socketio.admin.store", "socketio.redis.url");
    }

    @Test
    void keysValuesAndExpiryAsTheReference() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                RedisSessionStore store = RedisSessionStore.connect(redis.uri());
                RedisSessionStore custom = RedisSessionStore.connect(redis.uri(), "app",
                        Duration.ofSeconds(60))) {
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> raw = client.connect()) {
                RedisCommands<String, String> c = raw.sync();
                get(store.save("0123456789abcdef"));
                assertThat(c.get("socket.io-admin#0123456789abcdef")).isEqualTo("true");
                assertThat(c.ttl("socket.io-admin#0123456789abcdef")).isBetween(86_390L, 86_400L);
                assertThat(get(store.exists("0123456789abcdef"))).isTrue();
                assertThat(get(store.exists("fedcba9876543210"))).isFalse();
                // a session another node wrote as @socket.io/admin-ui 0.5.1 does
                c.multi();
                c.set("socket.io-admin#fromnode", "true");
                c.expire("socket.io-admin#fromnode", 86400);
                c.exec();
                assertThat(get(store.exists("fromnode"))).isTrue();
                c.set("socket.io-admin#expired", "true", SetArgs.Builder.px(1));
                Awaitility.await().atMost(Duration.ofSeconds(5))
                        .until(() -> c.exists("socket.io-admin#expired") == 0);
                assertThat(get(store.exists("expired"))).isFalse();

                get(custom.save("x"));
                assertThat(c.ttl("app#x")).isBetween(50L, 60L);
                assertThat(get(custom.exists("x"))).isTrue();
                assertThat(get(store.exists("x"))).isFalse();
            } finally {
                client.shutdown();
            }
            store.close();
            assertThatThrownBy(() -> get(store.save("late")))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void aRedisThatStartsAfterTheStoreIsUsedOnceItIsUp() throws Exception {
        int port = RedisServerProcess.freePort();
        try (RedisSessionStore store = RedisSessionStore.connect("redis://127.0.0.1:" + port)) {
            assertThatThrownBy(() -> get(store.exists("a"))).isInstanceOf(ExecutionException.class);
            try (RedisServerProcess redis = RedisServerProcess.startOn(port)) {
                get(store.save("a"));
                assertThat(get(store.exists("a"))).isTrue();
            }
        }
    }

    @Test
    void invalidOptionsAreRefused() {
        assertThatThrownBy(() -> RedisSessionStore.connect("redis://127.0.0.1:1", "p",
                Duration.ofMillis(10))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RedisSessionStoreProvider().name()).isEqualTo("redis");
    }

    @Test
    void contextParametersKeepTheSessionsInRedisAndCloseTheConnectionWithTheApplication()
            throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start()) {
            ServletContainerInitializer war = (classes, ctx) -> {
                ctx.setInitParameter("socketio.admin.username", "admin");
                ctx.setInitParameter("socketio.admin.passwordHash", HASH);
                ctx.setInitParameter("socketio.admin.store", "redis");
                ctx.setInitParameter("socketio.redis.url", redis.uri());
            };
            RedisClient client = RedisClient.create(redis.uri());
            try (StatefulRedisConnection<String, String> raw = client.connect()) {
                RedisCommands<String, String> c = raw.sync();
                TestServer app = TestServer.start(war, new SocketIoInitializer());
                try {
                    JsonObject r = NodeScript.run("cluster-admin-session.mjs", "{\"login\":\""
                            + app.url() + "\",\"reuse\":[\"" + app.url() + "\"],"
                            + "\"timeoutMs\":15000}", Duration.ofSeconds(25)).assertOk().json();
                    assertThat(r.getJsonArray("reused").getString(0)).isEqualTo("connected");
                    assertThat(r.getJsonArray("unknown").getString(0))
                            .isEqualTo("invalid credentials");
                    assertThat(c.get("socket.io-admin#" + r.getString("session")))
                            .isEqualTo("true");
                    assertThat(clients(c)).isEqualTo(2); // the test's and the store's
                } finally {
                    app.close();
                }
                Awaitility.await("the store's connection closed with the application")
                        .atMost(Duration.ofSeconds(20)).until(() -> clients(c) == 1);
            } finally {
                client.shutdown();
            }
        }
    }

    private static long clients(RedisCommands<String, String> commands) {
        return commands.clientList().lines().filter(l -> !l.isBlank()).count();
    }
}
