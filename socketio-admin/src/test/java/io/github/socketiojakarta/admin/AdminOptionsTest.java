package io.github.socketiojakarta.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.server.SocketIoServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The options and their context parameters: defaults, checks of the bcrypt hash, and every
 * malformed parameter refused with its name; the in-memory session store's expiry and cap.
 */
class AdminOptionsTest {

    private static AdminOptions params(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return AdminExtension.options(m::get);
    }

    @Test
    void defaultsAreTheReferencesAndAuthenticationIsNotChosen() {
        AdminOptions o = AdminOptions.builder().build();
        assertThat(o.namespace()).isEqualTo("/admin");
        assertThat(o.auth()).isEqualTo(AdminOptions.Auth.UNSET);
        assertThat(o.mode()).isEqualTo(AdminOptions.Mode.DEVELOPMENT);
        assertThat(o.readonly()).isFalse();
        assertThat(o.serverId()).isEqualTo(AdminOptions.hostname());
        assertThat(o.statsInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(o.store()).isInstanceOf(InMemorySessionStore.class);
        assertThat(AdminOptions.builder().namespace("ops").build().namespace()).isEqualTo("/ops");
    }

    @Test
    void onlyBcryptHashesAreAcceptedAndNeverShown() {
        for (String prefix : new String[] {"$2a", "$2b", "$2y"}) {
            String hash = AdminTesting.hash(prefix, "x");
            AdminOptions o = AdminOptions.builder().basicAuth("u", hash).build();
            assertThat(o.toString()).doesNotContain(hash);
        }
        for (String bad : new String[] {"changeit", "$2x$10$" + "a".repeat(53),
            "$2b$03$" + "a".repeat(53), "$2b$10$" + "a".repeat(52), "$1$abc"}) {
            assertThatThrownBy(() -> AdminOptions.builder().basicAuth("u", bad).build())
                    .as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> AdminOptions.builder().basicAuth("", AdminTesting.HASH).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contextParameters() {
        assertThat(params()).isNull();
        assertThat(params("admin", "false", "admin.auth", "none")).isNull();
        assertThat(params("admin", "true").auth()).isEqualTo(AdminOptions.Auth.UNSET);
        AdminOptions o = params("admin.username", "ops", "admin.passwordHash", AdminTesting.HASH,
                "admin.mode", "production", "admin.readonly", "true", "admin.serverId", "n1",
                "admin.namespace", "/ops", "admin.statsInterval", "500");
        assertThat(o.auth()).isEqualTo(AdminOptions.Auth.BASIC);
        assertThat(o.username()).isEqualTo("ops");
        assertThat(o.mode()).isEqualTo(AdminOptions.Mode.PRODUCTION);
        assertThat(o.readonly()).isTrue();
        assertThat(o.serverId()).isEqualTo("n1");
        assertThat(o.namespace()).isEqualTo("/ops");
        assertThat(o.statsInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(params("admin.auth", "none").auth()).isEqualTo(AdminOptions.Auth.NONE);
    }

    @Test
    void malformedContextParametersAreRefusedByName() {
        String[][] cases = {
            {"socketio.admin must be", "admin", "yes"},
            {"socketio.admin.auth must be", "admin.auth", "digest"},
            {"socketio.admin.auth basic needs", "admin.auth", "basic"},
            {"socketio.admin.auth basic needs", "admin.username", "u", "admin.passwordHash", "x"},
            {"socketio.admin.auth is none", "admin.auth", "none", "admin.username", "u"},
            {"socketio.admin.mode must be", "admin.mode", "test"},
            {"socketio.admin.readonly must be", "admin.readonly", "yes"},
            {"socketio.admin.statsInterval must be", "admin.statsInterval", "2s"},
        };
        for (String[] c : cases) {
            String[] kv = java.util.Arrays.copyOfRange(c, 1, c.length);
            assertThatThrownBy(() -> params(kv)).as(c[0]).hasMessageStartingWith(c[0]);
        }
    }

    @Test
    void theStoreParameterNamesAProvider() {
        assertThat(AdminExtension.store(k -> null)).isNull();
        assertThat(AdminExtension.store(Map.of("admin.store", "memory")::get)).isNull();
        // socketio-redis (not on this module's class path) provides "redis"
        assertThatThrownBy(() -> AdminExtension.store(Map.of("admin.store", "redis")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("socketio.admin.store: no session store named \"redis\" on the class"
                        + " path (available: memory)");
        Map<String, String> only = Map.of("admin.store", "memory");
        assertThat(AdminExtension.options(only::get)).as("a setting instruments").isNotNull();
    }

    @Test
    void aServerIsInstrumentedOnce() {
        try (SocketIoServer server = SocketIoServer.create()) {
            AdminUi ui = AdminUi.instrument(server, AdminOptions.builder().noAuth().build());
            assertThat(ui.namespace().name()).isEqualTo("/admin");
            assertThatThrownBy(() -> AdminUi.instrument(server, AdminOptions.builder().build()))
                    .isInstanceOf(IllegalStateException.class);
            ui.stop();
        }
    }

    @Test
    void theInMemoryStoreExpiresSessionsAndKeepsAtMostItsCap() {
        AtomicLong now = new AtomicLong(1000);
        InMemorySessionStore store = new InMemorySessionStore(Duration.ofSeconds(10), 2, now::get);
        store.save("a").join();
        assertThat(store.exists("a").join()).isTrue();
        assertThat(store.exists("b").join()).isFalse();
        now.addAndGet(5000);
        store.save("b").join();
        store.save("c").join(); // over the cap: the oldest (a) goes
        assertThat(store.exists("a").join()).isFalse();
        assertThat(store.exists("b").join()).isTrue();
        now.addAndGet(10_000); // b and c expired
        assertThat(store.exists("c").join()).isFalse();
        assertThat(store.size()).isZero();
    }
}
