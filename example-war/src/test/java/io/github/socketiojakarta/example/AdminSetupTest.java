package io.github.socketiojakarta.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.server.SocketIoServer;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Where the chat takes the Admin UI's password hash from ({@link AdminSetup}): the context
 * parameters (then the module has instrumented the server), else the system property, else the
 * environment; with none, no admin namespace. (The whole UI in a browser: AdminUiBrowserIT.)
 */
class AdminSetupTest {
    private static final String HASH = BCrypt.hashpw("pw", BCrypt.gensalt(4));
    private static final Function<String, String> NONE = k -> null;
    private final AdminSetup setup = new AdminSetup();

    {
        setup.io = SocketIoServer.create();
    }

    @AfterEach
    void close() {
        setup.io.close();
    }

    private boolean instrumented() {
        return setup.io.namespaces().containsKey("/admin");
    }

    @Test
    void withoutAHashTheChatHasNoAdminNamespace() {
        assertThat(setup.configure(NONE, NONE, NONE)).isEqualTo("off");
        assertThat(instrumented()).isFalse();
    }

    @Test
    void theContextParametersAreTheModulesToApply() {
        assertThat(setup.configure(Map.of("socketio.admin.passwordHash", HASH)::get,
                Map.of(AdminSetup.PROPERTY, HASH)::get, NONE)).isEqualTo("context");
        assertThat(instrumented()).as("the module's AdminExtension instruments it").isFalse();
    }

    @Test
    void theSystemPropertyComesBeforeTheEnvironment() {
        assertThat(setup.configure(NONE, Map.of(AdminSetup.PROPERTY, HASH)::get,
                Map.of(AdminSetup.ENV, "not a hash")::get)).isEqualTo("property");
        assertThat(instrumented()).isTrue();
    }

    @Test
    void theEnvironmentVariable() {
        assertThat(setup.configure(NONE, NONE, Map.of(AdminSetup.ENV, HASH)::get))
                .isEqualTo("environment");
        assertThat(instrumented()).isTrue();
    }

    @Test
    void aValueThatIsNoBcryptHashStopsTheStartUp() {
        assertThatThrownBy(() -> setup.configure(NONE, NONE,
                Map.of(AdminSetup.ENV, "changeit")::get))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(instrumented()).isFalse();
    }
}
