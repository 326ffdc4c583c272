package io.github.socketiojakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.metrics.SocketIoMeterBinder;
import io.github.socketiojakarta.server.SocketIoServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's way of putting the server's metrics in a CDI application's Micrometer registry:
 * an observer of the application scope's start, with the server and the registry injected, binds
 * {@link SocketIoMeterBinder}; the meters then follow real traffic. The README shows this
 * observer.
 */
class MetricsBindingTest {
    static final MeterRegistry REGISTRY = new SimpleMeterRegistry();

    /** The application's registry and the observer that binds the server's metrics to it. */
    @ApplicationScoped
    public static class Metrics {
        @Produces
        @Singleton
        MeterRegistry registry() {
            return REGISTRY;
        }

        void bind(@Observes @Initialized(ApplicationScoped.class) Object start,
                SocketIoServer io, MeterRegistry registry) {
            new SocketIoMeterBinder(io, Tags.of("app", "chat")).bindTo(registry);
        }
    }

    @Test
    void theReadmeShowsThisObserver() throws Exception {
        String observer = """
                void bind(@Observes @Initialized(ApplicationScoped.class) Object start,
                        SocketIoServer io, MeterRegistry registry) {
                    new SocketIoMeterBinder(io, Tags.of("app", "chat")).bindTo(registry);
                }""";
        Path base = Path.of(System.getProperty("basedir", "."));
        assertThat(Files.readString(base.resolve("../README.md"))).contains(observer);
    }

    @Test
    void anObserverOfTheApplicationsStartBindsTheMetrics() throws Exception {
        try (WeldTomcat tomcat = WeldTomcat.start(Metrics.class)) {
            HttpResponse<String> open = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(tomcat.url() + "/socket.io/?EIO=4&transport=polling")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(open.body()).startsWith("0{");
            assertThat(REGISTRY.get("socketio.connections").tags("app", "chat",
                    "transport", "polling").gauge().value()).isEqualTo(1);
            assertThat(REGISTRY.get("socketio.handshakes").tags("app", "chat",
                    "transport", "polling").functionCounter().count()).isEqualTo(1);
            assertThat(tomcat.server().metrics().connections()).isEqualTo(1);
        }
    }
}
