package io.github.socketiojakarta.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.websocket.server.ServerContainer;
import org.junit.jupiter.api.Test;

/**
 * Mounting an engine on Tomcat lowers the application's default WebSocket message buffers to
 * 1024, unless the application set Tomcat's context parameter for them itself.
 */
class WebSocketBuffersTest {

    private static ServerContainer containerOf(TestServer tomcat) {
        return (ServerContainer) tomcat.context().getServletContext()
                .getAttribute(ServerContainer.class.getName());
    }

    @Test
    void tomcatsDefaultsAreLowered() {
        EngineServer engine = new EngineServer(EngineTestServer.quietOptions().build(),
                RecordingListener.echoing());
        try (TestServer tomcat = TestServer.start((classes, ctx) ->
                EngineBinding.install(ctx, engine))) {
            ServerContainer container = containerOf(tomcat);

            assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(1024);
            assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(1024);
        } finally {
            engine.close();
        }
    }

    @Test
    void sizesTheApplicationSetAreKept() {
        EngineServer engine = new EngineServer(EngineTestServer.quietOptions().build(),
                RecordingListener.echoing());
        try (TestServer tomcat = TestServer.startWithContext(
                ctx -> {
                    ctx.addParameter(WebSocketBuffers.TEXT_PARAM, "65536");
                    ctx.addParameter(WebSocketBuffers.BINARY_PARAM, "32768");
                }, (classes, sc) -> EngineBinding.install(sc, engine))) {
            ServerContainer container = containerOf(tomcat);

            assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(65536);
            assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(32768);
        } finally {
            engine.close();
        }
    }
}
