package io.github.socketiojakarta.admin;

import static io.github.socketiojakarta.admin.AdminTesting.PASSWORD;
import static io.github.socketiojakarta.admin.AdminTesting.USER;
import static io.github.socketiojakarta.admin.AdminTesting.login;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.bootstrap.SocketIoInitializer;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's "Admin UI" section: its code and its context parameters instrument a server the
 * official client logs in to as the UI does; the README shows exactly this code.
 */
class AdminReadmeTest {

    static void mount(ServletContext servletContext, String passwordHash) {
        // README:ADMIN:BEGIN
        SocketIoServer io = SocketIoServer.create();
        AdminUi.instrument(io, AdminOptions.builder()
                .basicAuth("admin", passwordHash) // a bcrypt hash ($2a$, $2b$ or $2y$)
                .serverId("node-1")               // distinct per node (default: the host name)
                .build());
        SocketIo.install(servletContext, io);
        // README:ADMIN:END
    }

    @Test
    void theReadmeCodeInstrumentsTheServer() {
        try (TestServer server = TestServer.start((c, ctx) -> mount(ctx, AdminTesting.HASH))) {
            NodeScript.JsonResult r = AdminTesting.scenario(server.url(), "login",
                    login(USER, PASSWORD), Map.of());
            assertThat(r.json().getJsonObject("reused").getBoolean("connected")).isTrue();
        }
    }

    @Test
    void theReadmeContextParametersInstrumentTheServer() {
        try (TestServer server = TestServer.start((c, ctx) -> {
            ctx.setInitParameter("socketio.admin.username", "admin");
            ctx.setInitParameter("socketio.admin.passwordHash", AdminTesting.HASH);
            ctx.setInitParameter("socketio.admin.readonly", "true");
            ctx.setInitParameter("socketio.admin.serverId", "node-1");
        }, new SocketIoInitializer())) {
            NodeScript.JsonResult r = AdminTesting.scenario(server.url(), "login",
                    login(USER, PASSWORD), Map.of());
            assertThat(r.json().getJsonObject("config").toString()).isEqualTo(
                    "{\"supportedFeatures\":[\"AGGREGATED_EVENTS\",\"ALL_EVENTS\"]}");
        }
    }

    @Test
    void theReadmeShowsThisCode() throws Exception {
        Path base = NodeScript.moduleDir();
        String test = Files.readString(base.resolve(
                "src/test/java/io/github/socketiojakarta/admin/AdminReadmeTest.java"));
        String snippet = test.substring(test.indexOf("// README:ADMIN:BEGIN") + 21,
                test.indexOf("        // README:ADMIN:END")).stripTrailing().stripIndent().strip();
        String readme = Files.readString(base.resolve("../README.md"));
        assertThat(readme).contains(snippet);
        assertThat(readme).contains("socketio.admin.username", "socketio.admin.passwordHash",
                "socketio.admin.auth", "socketio.admin.mode", "socketio.admin.readonly",
                "socketio.admin.serverId", "socketio.admin.namespace");
    }
}
