package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.bootstrap.SocketIoInitializer;
import io.github.socketiojakarta.protocol.SocketParser;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Without code: the context parameter {@code socketio.parser=msgpack} gives the web
 * application's server this module's parser, found through its {@code ServiceLoader} entry (the
 * core does not know the module), and the official client with the msgpack parser talks to it.
 */
class MsgpackContextParameterTest {

    /** The WAR's web.xml context parameter and its {@code @WebListener}, as an initializer. */
    private static final ServletContainerInitializer WAR = (classes, ctx) -> {
        ctx.setInitParameter("socketio.parser", "msgpack");
        ctx.addListener(new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent sce) {
                MsgpackClientTest.setUp(SocketIo.server(sce.getServletContext()));
            }
        });
    };

    @Test
    void theContextParameterSelectsTheMsgpackParser() {
        try (TestServer server = TestServer.start(WAR, new SocketIoInitializer())) {
            NodeScript.run("msgpack-client.mjs", "{\"url\":\"" + server.url()
                    + "\",\"transports\":" + TransportMode.WEBSOCKET.transportsJson()
                    + ",\"timeoutMs\":15000}", Duration.ofSeconds(25)).assertOk();
        }
    }

    @Test
    void parsersAreFoundByName() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(SocketParser.named("msgpack", loader)).isInstanceOf(MsgpackParser.class);
        assertThat(SocketParser.named("default", loader)).isSameAs(SocketParser.defaultParser());
        assertThatThrownBy(() -> SocketParser.named("protobuf", loader))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("available: default, msgpack");
    }
}
