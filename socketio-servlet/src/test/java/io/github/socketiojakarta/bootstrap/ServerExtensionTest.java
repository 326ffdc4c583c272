package io.github.socketiojakarta.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.servlet.ServletContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerExtension}s found on the class path extend the context's server once, with the
 * context's parameters: the one the bootstrap creates and one the application installs; a
 * malformed setting stops the server from being used. An extension that is {@link AutoCloseable}
 * is closed after its server, when the application stops (or at once when it failed).
 */
class ServerExtensionTest {

    @BeforeEach
    void clear() {
        RecordingExtension.SEEN.clear();
        RecordingExtension.CLOSED.clear();
    }

    @Test
    void theContextServerIsExtendedOnceWithTheParameters() {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        try (TestServer server = TestServer.start(
                (classes, ctx) -> ctx.setInitParameter("socketio.recording.extension", "on"),
                new SocketIoInitializer(), (classes, ctx) -> context.set(ctx))) {
            SocketIoServer io = SocketIo.server(context.get());
            assertThat(SocketIo.server(context.get())).isSameAs(io);
            assertThat(RecordingExtension.SEEN).hasSize(1);
            assertThat(RecordingExtension.SEEN.get(0)).containsExactly(io, "on");
            assertThat(RecordingExtension.CLOSED).isEmpty();
        }
        assertThat(RecordingExtension.CLOSED).containsExactly(true); // after the server
    }

    @Test
    void anInstalledServerIsExtendedWhenItBecomesTheContextServer() {
        SocketIoServer mine = SocketIoServer.create();
        try (TestServer server = TestServer.start((classes, ctx) -> {
            ctx.setInitParameter("socketio.recording.extension", "installed");
            SocketIo.install(ctx, mine);
        })) {
            assertThat(RecordingExtension.SEEN).hasSize(1);
            assertThat(RecordingExtension.SEEN.get(0)).containsExactly(mine, "installed");
            assertThat(RecordingExtension.CLOSED).isEmpty();
        }
        assertThat(RecordingExtension.CLOSED).containsExactly(true);
    }

    @Test
    void withoutItsSettingAnExtensionDoesNothing() {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        try (TestServer server = TestServer.start(new SocketIoInitializer(),
                (classes, ctx) -> context.set(ctx))) {
            SocketIo.server(context.get());
            assertThat(RecordingExtension.SEEN).isEmpty();
        }
    }

    @Test
    void aMalformedSettingFailsTheServerCreation() {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        try (TestServer server = TestServer.start(
                (classes, ctx) -> ctx.setInitParameter("socketio.recording.extension", "bad"),
                new SocketIoInitializer(), (classes, ctx) -> context.set(ctx))) {
            assertThatThrownBy(() -> SocketIo.server(context.get()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("socketio.recording.extension: bad");
            assertThat(RecordingExtension.CLOSED).containsExactly(true);
        }
    }
}
