package io.github.socketiojakarta.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.bootstrap.SocketIoInitializer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/**
 * The official UI's files served by the web application ({@link AdminUiFiles}, registered by
 * {@link AdminUiFilesInitializer} from context parameters) on embedded Tomcat: every file the
 * page loads, byte for byte as the npm package has it; the page with the same-origin defaults
 * script added and nothing else changed; the context path in the page's Socket.IO path; the
 * configurable path, the switch, and no file outside the UI's directory.
 */
class AdminUiFilesTest {
    private static final Path DIST = NodeScript.moduleDir()
            .resolve("node_modules/@socket.io/admin-ui/ui/dist");
    private final HttpClient http = HttpClient.newHttpClient();

    private static TestServer start(Map<String, String> parameters) {
        return TestServer.startWithContext(
                (Context c) -> parameters.forEach(c::addParameter),
                new SocketIoInitializer(), new AdminUiFilesInitializer());
    }

    private static Map<String, String> instrumented() {
        Map<String, String> p = new HashMap<>();
        p.put("socketio.admin.username", AdminTesting.USER);
        p.put("socketio.admin.passwordHash", AdminTesting.HASH);
        return p;
    }

    private HttpResponse<byte[]> get(TestServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theUiIsServedAtTheDefaultPathWhenTheParametersInstrumentTheServer() throws Exception {
        try (TestServer server = start(instrumented())) {
            HttpResponse<byte[]> bare = get(server, "/socket.io-admin");
            assertThat(bare.statusCode()).isEqualTo(302);
            assertThat(bare.headers().firstValue("Location").orElseThrow())
                    .endsWith("/socket.io-admin/");

            HttpResponse<byte[]> page = get(server, "/socket.io-admin/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/html");
            String html = new String(page.body(), "UTF-8");
            String official = Files.readString(DIST.resolve("index.html"));
            assertThat(html.replace("<script src=\"jakarta-socketio-defaults.js\"></script>", ""))
                    .isEqualTo(official);
            assertThat(html.indexOf("jakarta-socketio-defaults.js"))
                    .isLessThan(html.indexOf("<script src=\"js/"));

            List<String> files = assets(official);
            assertThat(files).contains("favicon.png").anyMatch(f -> f.startsWith("js/app."))
                    .anyMatch(f -> f.startsWith("js/chunk-vendors."))
                    .anyMatch(f -> f.startsWith("css/app."));
            for (String file : files) {
                HttpResponse<byte[]> r = get(server, "/socket.io-admin/" + file);
                assertThat(r.statusCode()).as(file).isEqualTo(200);
                assertThat(r.body()).as(file).isEqualTo(Files.readAllBytes(DIST.resolve(file)));
                assertThat(r.headers().firstValue("Content-Type").orElseThrow()).as(file)
                        .startsWith(file.endsWith(".js") ? "text/javascript"
                                : file.endsWith(".css") ? "text/css" : "image/png");
            }

            String defaults = new String(get(server,
                    "/socket.io-admin/jakarta-socketio-defaults.js").body(), "UTF-8");
            assertThat(defaults).contains("})(\"/socket.io\", \"/admin\");");
        }
    }

    /** The files index.html loads from the server (not the fonts and icons from the Internet). */
    private static List<String> assets(String html) {
        List<String> files = new ArrayList<>();
        Matcher m = Pattern.compile("(?:href|src)=\"([^\":]+)\"").matcher(html);
        while (m.find()) {
            files.add(m.group(1));
        }
        return files;
    }

    @Test
    void thePathTheServersPathAndTheNamespaceAreConfigurable() throws Exception {
        Map<String, String> p = instrumented();
        p.put("socketio.admin.uiPath", "/ops/ui");
        p.put("socketio.path", "/io/");
        p.put("socketio.admin.namespace", "/ops");
        try (TestServer server = start(p)) {
            assertThat(get(server, "/socket.io-admin/").statusCode()).isEqualTo(404);
            assertThat(get(server, "/ops/ui/").statusCode()).isEqualTo(200);
            assertThat(new String(get(server, "/ops/ui/jakarta-socketio-defaults.js").body(),
                    "UTF-8")).contains("})(\"/io\", \"/ops\");");
        }
    }

    @Test
    void underAContextPathThePageAndItsSocketIoPathCarryIt() throws Exception {
        Tomcat tomcat = new Tomcat();
        Path base = Files.createTempDirectory("admin-ui-context");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context chat = tomcat.addContext("/chat", base.toString());
        instrumented().forEach(chat::addParameter);
        chat.addServletContainerInitializer(new AdminUiFilesInitializer(), null);
        tomcat.start();
        try {
            String url = "http://127.0.0.1:" + connector.getLocalPort() + "/chat";
            HttpResponse<byte[]> bare = http.send(HttpRequest.newBuilder(
                    URI.create(url + "/socket.io-admin?x=1")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(bare.headers().firstValue("Location").orElseThrow())
                    .endsWith("/chat/socket.io-admin/?x=1");
            String defaults = http.send(HttpRequest.newBuilder(
                    URI.create(url + "/socket.io-admin/jakarta-socketio-defaults.js")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(defaults).contains("})(\"/chat/socket.io\", \"/admin\");");
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    @Test
    void nothingIsServedWhenTurnedOffOrWhenNothingIsInstrumented() throws Exception {
        Map<String, String> off = instrumented();
        off.put("socketio.admin.uiPath", "false");
        try (TestServer server = start(off)) {
            assertThat(get(server, "/socket.io-admin/").statusCode()).isEqualTo(404);
        }
        try (TestServer server = start(Map.of())) {
            assertThat(get(server, "/socket.io-admin/").statusCode()).isEqualTo(404);
        }
        // an application that instruments with code asks for the UI with the path alone
        try (TestServer server = start(Map.of("socketio.admin.uiPath", "/socket.io-admin/"))) {
            assertThat(get(server, "/socket.io-admin/").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void onlyTheUisOwnFilesAreServed() throws Exception {
        try (TestServer server = start(instrumented())) {
            for (String path : List.of("/socket.io-admin/missing.js",
                    "/socket.io-admin/%2e%2e/AdminUi.class",
                    "/socket.io-admin/..%2fAdminUi.class",
                    "/socket.io-admin/%2e%2e%2f%2e%2e%2fservices/"
                            + "jakarta.servlet.ServletContainerInitializer",
                    "/socket.io-admin/js/", "/socket.io-admin/.hidden")) {
                assertThat(get(server, path).statusCode()).as(path).isIn(400, 404);
            }
        }
    }

    @Test
    void malformedPathsAreRefusedWithTheParametersName() {
        assertThatThrownBy(() -> AdminUiFilesInitializer.mapping(
                Map.of("admin.uiPath", "no-slash")::get))
                .hasMessageContaining("socketio.admin.uiPath");
        assertThat(AdminUiFilesInitializer.mapping(Map.of("admin.uiPath", "/a/b/")::get))
                .isEqualTo("/a/b/*");
        assertThat(AdminUiFilesInitializer.mapping(Map.of("admin.uiPath", "/a",
                "admin", "false")::get)).isNull();
    }

    @Test
    void theDefaultsScriptCarriesTheContextPathAsAJavaScriptString() {
        assertThat(AdminUiFiles.defaults("/chat/socket.io", "/admin"))
                .contains("})(\"/chat/socket.io\", \"/admin\");");
        assertThat(AdminUiFiles.json("</script>\"\\")).isEqualTo(
                "\"\\u003c/script\\u003e\\\"\\\\\"");
    }
}
