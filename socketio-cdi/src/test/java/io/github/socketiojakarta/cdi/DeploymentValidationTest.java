package io.github.socketiojakarta.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.socketiojakarta.server.Namespace;
import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.spi.DeploymentException;
import java.util.List;
import java.util.UUID;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/**
 * Observer methods the bridge cannot serve fail the deployment, with a message naming each
 * method. Booted with Weld SE on exactly the beans under test; the broken beans have no
 * bean-defining annotation, so the Tomcat tests' discovery never picks them up.
 */
class DeploymentValidationTest {

    /** A payload JSON-B cannot create. */
    public interface Shape {
        double area();
    }

    /** A payload without a usable constructor. */
    public static class Point {
        private final int x;

        public Point(int x) {
            this.x = x;
        }

        public int x() {
            return x;
        }
    }

    /** A fine payload. */
    public record ChatMessage(String user, String text) {}

    public static class InterfacePayload {
        void on(@Observes @OnEvent("shape") Incoming<Shape> in) {}
    }

    public static class TypeVariablePayload<T> {
        void on(@Observes @OnEvent("anything") Incoming<T> in) {}
    }

    public static class NoConstructorPayload {
        void on(@Observes @OnEvent("point") Incoming<Point> in) {}
    }

    public static class NestedInterfacePayload {
        void on(@Observes @OnEvent("shapes") Incoming<List<Shape>> in) {}
    }

    public static class ConnectedAndDisconnected {
        void on(@Observes @Connected @Disconnected Socket socket) {}
    }

    public static class OnEventWithoutIncoming {
        void on(@Observes @OnEvent("message") String text) {}
    }

    public static class IncomingWithoutOnEvent {
        void on(@Observes Incoming<ChatMessage> in) {}
    }

    public static class ReservedEventName {
        void on(@Observes @OnEvent("disconnect") Incoming<Object> in) {}
    }

    public static class AsyncConnecting {
        void on(@ObservesAsync @Connecting Socket socket) {}
    }

    public static class NamespaceWithoutSlash {
        void on(@Observes @Connected @OfNamespace("chat") Socket socket) {}
    }

    public static class ConnectedWithoutSocket {
        void on(@Observes @Connected String socket) {}
    }

    public static class DisconnectedWithoutDisconnection {
        void on(@Observes @Disconnected Socket socket) {}
    }

    public static class TwoProblems {
        void first(@Observes @OnEvent("connect") Incoming<Object> in) {}

        void second(@Observes @Connecting @OfNamespace("") Socket socket) {}
    }

    /** Every kind of observer, correctly declared. */
    public static class Valid {
        void connecting(@Observes @Connecting @OfNamespace("/chat") Socket socket) {}

        void connected(@ObservesAsync @Connected Socket socket) {}

        void message(@Observes @OnEvent("message") @OfNamespace("/chat") Incoming<ChatMessage> in) {}

        void messages(@ObservesAsync @OnEvent("messages") Incoming<List<ChatMessage>> in) {}

        void binary(@Observes @OnEvent("binary") Incoming<byte[]> in) {}

        void disconnected(@Observes @Disconnected @OfNamespace("/chat") Disconnection d) {}

        void unrelated(@Observes String text) {}
    }

    @Test
    void anInterfacePayloadFailsTheDeployment() {
        assertThat(deploymentFailure(InterfacePayload.class)).contains(
                "DeploymentValidationTest$InterfacePayload.on()", Shape.class.getName(),
                "interface or abstract class");
    }

    @Test
    void aTypeVariablePayloadFailsTheDeployment() {
        assertThat(deploymentFailure(TypeVariablePayload.class)).contains(
                "DeploymentValidationTest$TypeVariablePayload.on()", "is not concrete");
    }

    @Test
    void aPayloadWithoutNoArgumentConstructorFailsTheDeployment() {
        assertThat(deploymentFailure(NoConstructorPayload.class)).contains(
                "DeploymentValidationTest$NoConstructorPayload.on()", Point.class.getName(),
                "no-argument constructor");
    }

    @Test
    void anUnmappableTypeArgumentFailsTheDeployment() {
        assertThat(deploymentFailure(NestedInterfacePayload.class)).contains(
                "DeploymentValidationTest$NestedInterfacePayload.on()", Shape.class.getName());
    }

    @Test
    void connectedAndDisconnectedOnOneObserverFailTheDeployment() {
        assertThat(deploymentFailure(ConnectedAndDisconnected.class)).contains(
                "DeploymentValidationTest$ConnectedAndDisconnected.on()", "conflicting declarations");
    }

    @Test
    void onEventOnAParameterThatIsNotIncomingFailsTheDeployment() {
        assertThat(deploymentFailure(OnEventWithoutIncoming.class)).contains(
                "DeploymentValidationTest$OnEventWithoutIncoming.on()", "Incoming<T>",
                "java.lang.String");
    }

    @Test
    void incomingWithoutOnEventFailsTheDeployment() {
        assertThat(deploymentFailure(IncomingWithoutOnEvent.class)).contains(
                "DeploymentValidationTest$IncomingWithoutOnEvent.on()", "needs @OnEvent");
    }

    @Test
    void aReservedEventNameFailsTheDeployment() {
        assertThat(deploymentFailure(ReservedEventName.class)).contains(
                "DeploymentValidationTest$ReservedEventName.on()",
                "\"disconnect\" is a reserved event name");
    }

    @Test
    void anAsyncConnectingObserverFailsTheDeployment() {
        assertThat(deploymentFailure(AsyncConnecting.class)).contains(
                "DeploymentValidationTest$AsyncConnecting.on()", "cannot be @ObservesAsync");
    }

    @Test
    void aNamespaceWithoutLeadingSlashFailsTheDeployment() {
        assertThat(deploymentFailure(NamespaceWithoutSlash.class)).contains(
                "DeploymentValidationTest$NamespaceWithoutSlash.on()", "@OfNamespace(\"chat\")");
    }

    @Test
    void connectedAndDisconnectedObserversOfTheWrongTypeFailTheDeployment() {
        assertThat(deploymentFailure(ConnectedWithoutSocket.class)).contains(
                "DeploymentValidationTest$ConnectedWithoutSocket.on()", "observes a Socket");
        assertThat(deploymentFailure(DisconnectedWithoutDisconnection.class)).contains(
                "DeploymentValidationTest$DisconnectedWithoutDisconnection.on()",
                "observes a Disconnection");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(deploymentFailure(TwoProblems.class, InterfacePayload.class)).contains(
                "DeploymentValidationTest$TwoProblems.first()", "\"connect\" is a reserved",
                "DeploymentValidationTest$TwoProblems.second()", "@OfNamespace(\"\")",
                "DeploymentValidationTest$InterfacePayload.on()");
    }

    @Test
    void aValidDeploymentBootsAndCollectsItsObservers() {
        try (WeldContainer container = weld(Valid.class).initialize()) {
            SocketIoExtension extension = container.getBeanManager()
                    .getExtension(SocketIoExtension.class);
            assertThat(extension.observers()).extracting(SocketObserver::description)
                    .extracting(d -> d.substring(d.lastIndexOf('.') + 1))
                    .containsExactlyInAnyOrder("connecting()", "connected()", "message()",
                            "messages()", "binary()", "disconnected()");

            try (SocketIoServer io = SocketIoServer.create()) {
                container.select(SocketIoDispatcher.class).get().bind(io);
                assertThat(container.select(SocketIoServer.class).get()).isSameAs(io);
                assertThat(container.select(Namespace.class,
                        OfNamespace.Literal.of("/chat")).get()).isSameAs(io.of("/chat"));
            }
        }
    }

    private static Weld weld(Class<?>... beans) {
        return new Weld(UUID.randomUUID().toString()).disableDiscovery().addBeanClasses(beans)
                .addExtension(new SocketIoExtension());
    }

    /** Deploys the beans, expects the deployment to fail, and returns the message. */
    private static String deploymentFailure(Class<?>... beans) {
        Throwable failure = catchThrowable(() -> {
            try (WeldContainer container = weld(beans).initialize()) {
                container.isRunning();
            }
        });
        assertThat(failure).isInstanceOf(DeploymentException.class);
        return failure.getMessage();
    }
}
