package io.github.socketiojakarta.msgpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.server.ServerOptions;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.servlet.ServletContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The README's "Parsers" section: its server code and its client code (in
 * {@code src/test/js/readme-photo.mjs}) talk to each other over every transport, and the README
 * shows exactly this code.
 */
class MsgpackReadmeTest {

    static void mount(ServletContext servletContext) {
        // README:BEGIN
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
                .parser(new MsgpackParser()) // clients: socket.io-msgpack-parser 3.x
                .build());
        io.onConnection(socket -> socket.on("photo", e -> {
            byte[] jpeg = e.arg(0, byte[].class); // binary arrives inline, as byte[]
            e.ack(jpeg.length);
        }));
        SocketIo.install(servletContext, io);
        // README:END
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void theReadmeCodeWorks(TransportMode mode) {
        try (TestServer server = TestServer.start((classes, ctx) -> mount(ctx))) {
            NodeScript.JsonResult r = NodeScript.run("readme-photo.mjs", "{\"url\":\""
                    + server.url() + "\",\"transports\":" + mode.transportsJson()
                    + ",\"timeoutMs\":10000}", Duration.ofSeconds(20)).assertOk();
            assertThat(r.number("size")).isEqualTo(7);
        }
    }

    @Test
    void theReadmeShowsThisCode() throws Exception {
        Path base = NodeScript.moduleDir();
        String readme = Files.readString(base.resolve("../README.md"));
        String test = Files.readString(base.resolve(
                "src/test/java/io/github/socketiojakarta/msgpack/MsgpackReadmeTest.java"));
        assertThat(readme).contains(between(test, "// README:BEGIN", "// README:END"));
        String js = Files.readString(base.resolve("src/test/js/readme-photo.mjs"));
        assertThat(readme).contains(between(js, "// README:JS:BEGIN", "// README:JS:END"));
        assertThat(readme).contains(between(js, "// README:JS2:BEGIN", "// README:JS2:END"));
        assertThat(readme).contains("socketio.parser");
    }

    private static String between(String text, String begin, String end) {
        int from = text.indexOf(begin) + begin.length();
        int to = text.lastIndexOf('\n', text.indexOf(end));
        return text.substring(from, to).stripIndent().strip();
    }
}
