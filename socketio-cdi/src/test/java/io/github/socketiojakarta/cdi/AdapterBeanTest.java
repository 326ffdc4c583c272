package io.github.socketiojakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * A produced {@link AdapterFactory} bean is the adapter of the server the bridge builds (the
 * way an application plugs in a {@code RedisAdapterFactory}), and two of them fail the
 * deployment with a message naming both.
 */
class AdapterBeanTest {
    /** The adapters the produced factory made, by namespace. */
    static final Map<String, Adapter> MADE = new ConcurrentHashMap<>();

    /** The application's adapter. */
    @ApplicationScoped
    public static class Adapters {
        @Produces
        @ApplicationScoped
        AdapterFactory adapter() {
            return namespace -> {
                Adapter a = new InMemoryAdapter(namespace);
                MADE.put(namespace.name(), a);
                return a;
            };
        }
    }

    /** One producer (no bean-defining annotation: deployed only where named). */
    public static class FirstProducer {
        @Produces
        AdapterFactory first() {
            return InMemoryAdapter::new;
        }
    }

    /** Another producer of the same type. */
    public static class SecondProducer {
        @Produces
        AdapterFactory second() {
            return InMemoryAdapter::new;
        }
    }

    @Test
    void theBridgeBuildsTheServerWithTheProducedAdapterFactory() {
        MADE.clear();
        try (WeldTomcat tomcat = WeldTomcat.start(Adapters.class)) {
            SocketIoServer io = tomcat.server();
            assertThat(io.of("/chat").adapter()).isSameAs(MADE.get("/chat"));
            assertThat(io.of("/").adapter()).isSameAs(MADE.get("/"));
        }
    }

    @Test
    void twoProducedAdapterFactoriesFailTheDeployment() {
        Throwable failure = catchThrowable(() -> {
            try (WeldContainer container = new Weld(UUID.randomUUID().toString())
                    .disableDiscovery().addBeanClasses(FirstProducer.class, SecondProducer.class)
                    .addExtension(new SocketIoExtension()).initialize()) {
                container.isRunning();
            }
        });
        assertThat(failure).isInstanceOf(DeploymentException.class);
        assertThat(failure.getMessage()).contains("2 AdapterFactory beans are produced",
                "first", "second");
    }
}
