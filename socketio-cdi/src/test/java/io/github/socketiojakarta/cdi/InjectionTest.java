package io.github.socketiojakarta.cdi;

import static io.github.socketiojakarta.cdi.JsClients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the bridge offers to beans that are not socket observers: the server and its namespaces
 * for injection (to emit from anywhere), and the server's options taken from a
 * {@link ServerOptions} bean; whatever the order of the container initializers.
 */
class InjectionTest {
    static final long PING_INTERVAL = 12_345;
    private static WeldTomcat tomcat;

    /** The application's options. */
    @Dependent
    public static class Options {
        @Produces
        ServerOptions options() {
            return ServerOptions.builder().engine(b -> b
                    .pingInterval(Duration.ofMillis(PING_INTERVAL))).build();
        }
    }

    /** A service that emits without being a socket observer. */
    @ApplicationScoped
    public static class Announcer {
        @Inject
        SocketIoServer io;

        @Inject
        @OfNamespace("/news")
        Namespace news;

        /** Emits to every socket of {@code /news} through the injected server. */
        public void announce(String text) {
            io.of("/news").emit("announcement", text);
        }

        /** Emits to every socket of {@code /news} through the injected namespace. */
        public void flash(String text) {
            news.emit("flash", text, news.name());
        }

        public SocketIoServer server() {
            return io;
        }
    }

    /** Lets the tests know when a socket of {@code /news} connected. */
    @ApplicationScoped
    public static class Readers {
        @Inject
        Recorder recorder;

        void connected(@Observes @Connected @OfNamespace("/news") Socket socket) {
            recorder.add("reader " + socket.handshake().auth().get("nick"));
        }
    }

    /** {@code GET /announce?text=..}: an ordinary servlet with an injected service. */
    public static class AnnounceServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Inject
        transient Announcer announcer;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            announcer.announce(req.getParameter("text"));
            resp.setContentType("text/plain");
            resp.getWriter().write("announced");
        }
    }

    @BeforeAll
    static void start() {
        tomcat = WeldTomcat.builder().beans(Options.class, Announcer.class, Readers.class,
                Recorder.class).servlet("/announce", AnnounceServlet.class).start();
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @Test
    void aServletEmitsThroughAnInjectedServer() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("reader").nsp("/news").awaitEvents("announcement"))
                .get("/announce?text=hello")
                .run();

        assertThat(r.http(0).getInt("status")).isEqualTo(200);
        assertThat(r.http(0).getString("body")).isEqualTo("announced");
        assertThat(r.events("reader", "announcement").getJsonArray(0).getString(0))
                .isEqualTo("hello");
    }

    @Test
    void aBeanCalledFromOutsideEmitsThroughAnInjectedNamespace() throws Exception {
        Recorder recorder = tomcat.bean(Recorder.class);
        CompletableFuture<JsClients.Result> client = CompletableFuture.supplyAsync(() ->
                JsClients.at(tomcat.url()).client(client("reader").nsp("/news")
                        .auth(java.util.Map.of("nick", "fay")).awaitEvents("flash")).run());
        await().atMost(Duration.ofSeconds(15)).until(() ->
                recorder.entries().contains("reader fay") || client.isDone());

        tomcat.bean(Announcer.class).flash("breaking");

        JsClients.Result r = client.get(20, TimeUnit.SECONDS);
        assertThat(r.events("reader", "flash").getJsonArray(0))
                .isEqualTo(jakarta.json.Json.createArrayBuilder().add("breaking").add("/news").build());
    }

    @Test
    void theInjectedServerIsTheWebApplicationsServer() {
        assertThat(tomcat.bean(Announcer.class).server()).isSameAs(tomcat.server());
        assertThat(tomcat.bean(SocketIoServer.class)).isSameAs(tomcat.server());
    }

    @Test
    void theServerUsesTheProducedOptions() {
        JsClients.Result r = JsClients.at(tomcat.url()).client(client("c")).run();

        assertThat(r.client("c").getJsonNumber("pingInterval").longValue()).isEqualTo(PING_INTERVAL);
        assertThat(tomcat.server().options().engine().pingInterval().toMillis())
                .isEqualTo(PING_INTERVAL);
    }

    @ParameterizedTest(name = "Socket.IO initializer first: {0}")
    @ValueSource(booleans = {true, false})
    void theOrderOfTheInitializersDoesNotMatter(boolean socketIoFirst) {
        WeldTomcat.Builder builder = WeldTomcat.builder().beans(Options.class, Announcer.class,
                Readers.class, Recorder.class).servlet("/announce", AnnounceServlet.class);
        if (socketIoFirst) {
            builder.socketIoInitializerFirst();
        }
        try (WeldTomcat other = builder.start()) {
            JsClients.Result r = JsClients.at(other.url())
                    .client(client("reader").nsp("/news").awaitEvents("announcement"))
                    .get("/announce?text=again")
                    .run();

            assertThat(r.client("reader").getJsonNumber("pingInterval").longValue())
                    .isEqualTo(PING_INTERVAL);
            assertThat(r.events("reader", "announcement").getJsonArray(0).getString(0))
                    .isEqualTo("again");
        }
    }
}
