package io.github.socketiojakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.socketiojakarta.admin.AdminOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The Admin UI configured with CDI (module {@code socketio-admin}'s {@code AdminCdiExtension}):
 * a produced {@link AdminOptions} bean instruments the server the bridge starts, and the
 * official client logs in on its admin namespace; without the bean there is none; two beans
 * fail the start-up.
 */
class AdminOptionsBeanTest {
    /** bcrypt of "changeit". */
    static final String HASH = BCrypt.hashpw("changeit", BCrypt.gensalt(4));

    /** The application's Admin UI settings. */
    @ApplicationScoped
    public static class Admin {
        @Produces
        AdminOptions admin() {
            return AdminOptions.builder().basicAuth("admin", HASH).namespace("/ops").build();
        }
    }

    /** A second producer of the same type. */
    @ApplicationScoped
    public static class OtherAdmin {
        @Produces
        AdminOptions other() {
            return AdminOptions.builder().noAuth().build();
        }
    }

    /** Any bean: a deployment without AdminOptions. */
    @ApplicationScoped
    public static class Nothing {}

    @Test
    void aProducedAdminOptionsBeanInstrumentsTheServer() {
        try (WeldTomcat tomcat = WeldTomcat.start(Admin.class)) {
            SocketIoServer io = tomcat.server();
            assertThat(io.namespaces()).containsKey("/ops");

            JsClients.Result r = JsClients.at(tomcat.url())
                    .client(JsClients.client("ops").nsp("/ops")
                            .auth(Map.of("username", "admin", "password", "changeit"))
                            .awaitEvents("config"))
                    .run();
            assertThat(r.events("ops", "config")).hasSize(1);
        }
    }

    @Test
    void withoutTheBeanThereIsNoAdminNamespace() {
        try (WeldTomcat tomcat = WeldTomcat.start(Nothing.class)) {
            assertThat(tomcat.server().namespaces()).doesNotContainKeys("/ops", "/admin");
        }
    }

    @Test
    void twoProducedAdminOptionsBeansFailTheStartUp() {
        Throwable failure = catchThrowable(() -> {
            try (WeldTomcat tomcat = WeldTomcat.start(Admin.class, OtherAdmin.class)) {
                tomcat.server();
            }
        });
        assertThat(failure).hasStackTraceContaining("several AdminOptions beans are produced");
    }
}
