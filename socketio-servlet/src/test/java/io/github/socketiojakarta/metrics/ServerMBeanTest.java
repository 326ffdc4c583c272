package io.github.socketiojakarta.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.bootstrap.SocketIoInitializer;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * The server's MBean in the platform MBean server, on embedded Tomcat: registered by the
 * bootstrap for the context's server (the initializer's and one installed by the application),
 * read through JMX while a client is connected, unregistered when the web application stops,
 * and not registered with {@code socketio.jmx=false}. Each test uses its own server path, so
 * its MBean's name is its own.
 */
class ServerMBeanTest {
    private static final MBeanServer JMX_SERVER = ManagementFactory.getPlatformMBeanServer();
    private final HttpClient http = HttpClient.newHttpClient();

    private static ServletContainerInitializer params(Map<String, String> values) {
        return (classes, ctx) -> values.forEach(ctx::setInitParameter);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theContextsServerIsInJmxWhileTheApplicationRuns() throws Exception {
        ObjectName name = ServerMBean.objectName("", "/mx/");
        assertThat(name.toString()).isEqualTo(
                "io.github.socketiojakarta:type=SocketIoServer,context=\"/\",path=\"/mx/\"");
        AtomicReference<ServletContext> context = new AtomicReference<>();
        try (TestServer server = TestServer.start(params(Map.of("socketio.path", "/mx/")),
                new SocketIoInitializer(), (classes, ctx) -> context.set(ctx))) {
            SocketIoServer io = SocketIo.server(context.get());
            io.onConnection(s -> s.join("lobby"));
            assertThat(JMX_SERVER.isRegistered(name)).isTrue();
            String open = get(server.url() + "/mx/?EIO=4&transport=polling").body();
            String sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf("\",\""));
            String session = server.url() + "/mx/?EIO=4&transport=polling&sid=" + sid;
            http.send(HttpRequest.newBuilder(URI.create(session))
                    .POST(HttpRequest.BodyPublishers.ofString("40")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get(session).body()).startsWith("40{");
            get(server.url() + "/mx/?EIO=4&transport=polling&sid=unknown");

            assertThat(JMX_SERVER.getAttribute(name, "Connections")).isEqualTo(1);
            SocketIoServerMXBean bean = JMX.newMXBeanProxy(JMX_SERVER, name,
                    SocketIoServerMXBean.class);
            assertThat(bean.getPollingConnections()).isEqualTo(1);
            assertThat(bean.getWebSocketConnections()).isZero();
            assertThat(bean.getSockets()).isEqualTo(Map.of("/", 1));
            assertThat(bean.getSocketCount()).isEqualTo(1);
            assertThat(bean.getRooms()).isEqualTo(Map.of("/", 1));
            assertThat(bean.getPollingHandshakes()).isEqualTo(1);
            assertThat(bean.getRefusals()).containsEntry("unknown_sid", 1L)
                    .containsEntry("forbidden", 0L).hasSize(6);
            assertThat(bean.getPollingPacketsIn()).isEqualTo(1);
            assertThat(bean.getPollingBytesIn()).isEqualTo(2);
            assertThat(bean.getPollingPacketsOut()).isEqualTo(2);
            assertThat(bean.getCloses()).containsEntry("transport_close", 0L);
            assertThat(bean.isRecoveryEnabled()).isFalse();
            assertThat(bean.getAdapterRequests()).isZero();
        }
        assertThat(JMX_SERVER.isRegistered(name)).as("unregistered when the application stops")
                .isFalse();
    }

    @Test
    void aServerTheApplicationInstallsIsInJmxUntilItStops() throws Exception {
        ObjectName name = ServerMBean.objectName("/", "/installed/");
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.engine(e -> e.path("/installed/")), io -> { })) {
            assertThat(JMX_SERVER.isRegistered(name)).isTrue();
            get(server.url() + "/installed/?EIO=3&transport=polling");
            assertThat(JMX.newMXBeanProxy(JMX_SERVER, name, SocketIoServerMXBean.class)
                    .getRefusals()).containsEntry("unsupported_protocol_version", 1L);
        }
        assertThat(JMX_SERVER.isRegistered(name)).isFalse();
    }

    @Test
    void twoServersWithTheSameNameGetInstanceNumbers() throws Exception {
        try (SocketIoServer one = SocketIoServer.create();
                SocketIoServer two = SocketIoServer.create()) {
            ServerMBean first = ServerMBean.register(one.metrics(), "/same", "/socket.io/");
            ServerMBean second = ServerMBean.register(two.metrics(), "/same", "/socket.io/");
            try {
                assertThat(first.name()).isEqualTo(ServerMBean.objectName("/same", "/socket.io/"));
                assertThat(second.name().getKeyProperty("instance")).isEqualTo("2");
                assertThat(JMX_SERVER.isRegistered(second.name())).isTrue();
            } finally {
                first.unregister();
                second.unregister();
            }
            assertThat(JMX_SERVER.queryNames(new ObjectName(ServerMBean.DOMAIN
                    + ":type=SocketIoServer,context=\"/same\",*"), null)).isEmpty();
        }
    }

    @Test
    void jmxFalseRegistersNoMBean() throws Exception {
        AtomicReference<ServletContext> context = new AtomicReference<>();
        try (TestServer server = TestServer.start(
                params(Map.of("socketio.path", "/nojmx/", "socketio.jmx", "false")),
                new SocketIoInitializer(), (classes, ctx) -> context.set(ctx))) {
            SocketIo.server(context.get());
            assertThat(get(server.url() + "/nojmx/?EIO=4&transport=polling").statusCode())
                    .isEqualTo(200);
            assertThat(JMX_SERVER.isRegistered(ServerMBean.objectName("", "/nojmx/"))).isFalse();
        }
    }
}
