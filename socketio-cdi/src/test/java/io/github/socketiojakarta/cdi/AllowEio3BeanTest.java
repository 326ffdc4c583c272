package io.github.socketiojakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.Socket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A produced {@link ServerOptions} bean with {@code allowEIO3} serves Socket.IO v2 clients: a v3
 * handshake opens, and the implicit connection to {@code /} reaches the {@code @Connected}
 * observers with the engine's id as the socket id.
 */
class AllowEio3BeanTest {

    /** The application's options. */
    @Dependent
    public static class Options {
        @Produces
        ServerOptions options() {
            return ServerOptions.builder().allowEIO3(true).build();
        }
    }

    /** Records the sockets that connected. */
    @ApplicationScoped
    public static class Observer {
        @Inject
        Recorder recorder;

        void connected(@Observes @Connected Socket socket) {
            recorder.add("connected " + socket.id() + " " + socket.handshake().query().get("EIO"));
        }
    }

    @Test
    void aV2ClientIsConnectedToTheMainNamespaceWithoutAsking() throws Exception {
        try (WeldTomcat tomcat = WeldTomcat.start(Options.class, Observer.class, Recorder.class)) {
            HttpClient http = HttpClient.newHttpClient();
            String base = tomcat.url() + "/socket.io/?EIO=3&transport=polling&b64=1";
            String open = http.send(HttpRequest.newBuilder(URI.create(base)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(open).matches("\\d+:0\\{\"sid\":\"[\\w-]{20}\".*");
            String sid = open.substring(open.indexOf("\"sid\":\"") + 7).substring(0, 20);

            Recorder recorder = tomcat.bean(Recorder.class);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> recorder.entries().contains("connected " + sid + " 3"));
            String next = open.contains("2:40") ? open : http.send(HttpRequest.newBuilder(
                    URI.create(base + "&sid=" + sid)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(next).endsWith("2:40");
        }
    }
}
