package io.github.socketiojakarta.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.bootstrap.SocketIoInitializer;
import io.github.socketiojakarta.engine.CorsOptions;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's "The UI's page" and "The hosted UI" parts of its "Admin UI" section: the CORS
 * code and context parameters let the hosted UI's origin in, with credentials, as the UI's
 * {@code withCredentials} requests need (and no other origin); the README shows exactly this
 * code and these parameters, and the page's path parameter.
 */
class AdminUiReadmeTest {
    static final String HOSTED = "https://admin.socket.io";
    private final HttpClient http = HttpClient.newHttpClient();

    static void mount(ServletContext servletContext, String passwordHash) {
        // README:ADMIN-CORS:BEGIN
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
                .engine(e -> e.cors(CorsOptions.allow("https://admin.socket.io").withCredentials()))
                .build());
        AdminUi.instrument(io, AdminOptions.builder()
                .basicAuth("admin", passwordHash)
                .build());
        SocketIo.install(servletContext, io);
        // README:ADMIN-CORS:END
    }

    /** The answer to a page's first request from this origin (the polling handshake). */
    private HttpResponse<String> handshake(TestServer server, String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(
                URI.create(server.url() + "/socket.io/?EIO=4&transport=polling"))
                .header("Origin", origin).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void onlyTheHostedUiIsLetIn(TestServer server) throws Exception {
        HttpResponse<String> hosted = handshake(server, HOSTED);
        assertThat(hosted.statusCode()).isEqualTo(200);
        assertThat(hosted.headers().firstValue("Access-Control-Allow-Origin")).contains(HOSTED);
        assertThat(hosted.headers().firstValue("Access-Control-Allow-Credentials"))
                .contains("true");
        HttpResponse<String> other = handshake(server, "https://elsewhere.example");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        // and the admin namespace is there, with the password
        NodeScript.JsonResult r = AdminTesting.scenario(server.url(), "login",
                AdminTesting.login(AdminTesting.USER, AdminTesting.PASSWORD), Map.of());
        assertThat(r.json().getJsonObject("reused").getBoolean("connected")).isTrue();
    }

    @Test
    void theReadmeCodeLetsTheHostedUiIn() throws Exception {
        try (TestServer server = TestServer.start((c, ctx) -> mount(ctx, AdminTesting.HASH))) {
            onlyTheHostedUiIsLetIn(server);
        }
    }

    @Test
    void theReadmeContextParametersLetTheHostedUiIn() throws Exception {
        try (TestServer server = TestServer.start((c, ctx) -> {
            ctx.setInitParameter("socketio.cors.origins", "https://admin.socket.io");
            ctx.setInitParameter("socketio.cors.credentials", "true");
            ctx.setInitParameter("socketio.admin.username", "admin");
            ctx.setInitParameter("socketio.admin.passwordHash", AdminTesting.HASH);
        }, new SocketIoInitializer())) {
            onlyTheHostedUiIsLetIn(server);
        }
    }

    @Test
    void theReadmeShowsThisCodeAndTheseParameters() throws Exception {
        Path base = NodeScript.moduleDir();
        String test = Files.readString(base.resolve(
                "src/test/java/io/github/socketiojakarta/admin/AdminUiReadmeTest.java"));
        String begin = "// README:ADMIN-CORS:BEGIN";
        String snippet = test.substring(test.indexOf(begin) + begin.length(),
                test.indexOf("        // README:ADMIN-CORS:END")).stripTrailing().stripIndent()
                .strip();
        String readme = Files.readString(base.resolve("../README.md"));
        assertThat(readme).contains(snippet);
        assertThat(readme).contains(
                "<param-name>socketio.cors.origins</param-name>\n"
                + "  <param-value>https://admin.socket.io</param-value>",
                "<param-name>socketio.cors.credentials</param-name>\n"
                + "  <param-value>true</param-value>",
                "socketio.admin.uiPath", AdminUiFilesInitializer.DEFAULT_PATH,
                "CHAT_ADMIN_PASSWORD_HASH", "chat.admin.passwordHash");
    }
}
