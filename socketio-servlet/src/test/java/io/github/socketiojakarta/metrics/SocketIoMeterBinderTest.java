package io.github.socketiojakarta.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Micrometer binder on a {@link SimpleMeterRegistry}, over a server on embedded Tomcat with
 * real HTTP traffic: the meters' names, tags, descriptions and units, their values, the common
 * tag, namespaces created after binding, and the recovery meters only when recovery is on.
 */
class SocketIoMeterBinderTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theMetersFollowTheServer() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> { })) {
            new SocketIoMeterBinder(server.io(), Tags.of("server", "chat")).bindTo(registry);
            assertThat(registry.get("socketio.connections").tag("transport", "polling")
                    .gauge().value()).isZero();

            String open = get(server.url() + "/socket.io/?EIO=4&transport=polling").body();
            assertThat(open).startsWith("0{");
            get(server.url() + "/socket.io/?EIO=4&transport=polling&sid=nope");
            get(server.url() + "/socket.io/?EIO=4&transport=polling&sid=nope");

            assertThat(registry.get("socketio.connections").tags("transport", "polling",
                    "server", "chat").gauge().value()).isEqualTo(1);
            assertThat(registry.get("socketio.connections").tag("transport", "websocket")
                    .gauge().value()).isZero();
            assertThat(registry.get("socketio.handshakes").tag("transport", "polling")
                    .functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("socketio.handshakes.refused").tag("reason", "unknown_sid")
                    .functionCounter().count()).isEqualTo(2);
            assertThat(registry.get("socketio.packets.out").tag("transport", "polling")
                    .functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("socketio.bytes.out").tag("transport", "polling")
                    .functionCounter().count()).isEqualTo(open.length());
            assertThat(registry.get("socketio.sockets").tag("namespace", "/").gauge().value())
                    .isZero();
            assertThat(registry.get("socketio.rooms").tag("namespace", "/").gauge().value())
                    .isZero();
            assertThat(registry.find("socketio.recoveries").meters()).isEmpty();

            // a namespace made after binding gets its gauges at the next read
            server.io().of("/late");
            registry.get("socketio.connections").tag("transport", "polling").gauge().value();
            assertThat(registry.get("socketio.sockets").tag("namespace", "/late").gauge()
                    .value()).isZero();

            Set<String> names = new TreeSet<>();
            for (Meter m : registry.getMeters()) {
                names.add(m.getId().getName());
                assertThat(m.getId().getDescription()).as(m.getId().toString()).isNotBlank();
                assertThat(m.getId().getTag("server")).as(m.getId().toString()).isEqualTo("chat");
            }
            assertThat(names).containsExactly("socketio.acks.pending", "socketio.acks.timeouts",
                    "socketio.adapter.reconnects", "socketio.adapter.requests",
                    "socketio.adapter.timeouts", "socketio.bytes.in", "socketio.bytes.out",
                    "socketio.connections", "socketio.connects.refused", "socketio.disconnects",
                    "socketio.handshakes", "socketio.handshakes.refused", "socketio.overflows",
                    "socketio.packets.in", "socketio.packets.out", "socketio.rooms",
                    "socketio.sockets", "socketio.upgrades");
            assertThat(registry.get("socketio.bytes.in").meter().getId().getBaseUnit())
                    .isEqualTo("bytes");
            assertThat(registry.get("socketio.connections").meter().getId().getBaseUnit())
                    .isEqualTo("connections");
        }
    }

    @Test
    void recoveryMetersExistWhenRecoveryIsOn() {
        MeterRegistry registry = new SimpleMeterRegistry();
        try (SocketIoTestServer server = SocketIoTestServer.start(
                b -> b.connectionStateRecovery(Duration.ofMinutes(1), true), io -> { })) {
            new SocketIoMeterBinder(server.io()).bindTo(registry);
            assertThat(registry.get("socketio.recoveries").tag("result", "recovered")
                    .functionCounter().count()).isZero();
            assertThat(registry.get("socketio.recoveries").tag("result", "failed")
                    .functionCounter().count()).isZero();
        }
    }
}
