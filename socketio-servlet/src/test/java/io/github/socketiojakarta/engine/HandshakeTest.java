package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.Handshake;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RecordingListener;
import io.github.socketiojakarta.testing.WsClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The open packet on both transports: its keys, values and session id. */
class HandshakeTest {
    private static final String SID_PATTERN = "[A-Za-z0-9_-]{20}";

    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private EngineTestServer start(EngineOptions options) {
        server = EngineTestServer.start(options, RecordingListener.recording());
        return server;
    }

    @Test
    void pollingHandshakeAnswersTheOpenPacketWithTheConfiguredValues() {
        start(EngineOptions.builder().pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200)).maxHttpBufferSize(12345)
                .build());

        HttpResponse<String> r = server.polling().get(null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("0{\"sid\":\"");
        Handshake open = Handshake.parse(r.body());
        assertThat(open.json().keySet())
                .containsExactly("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
        assertThat(open.sid()).matches(SID_PATTERN);
        assertThat(open.upgrades()).containsExactly("websocket");
        assertThat(open.pingInterval()).isEqualTo(300);
        assertThat(open.pingTimeout()).isEqualTo(200);
        assertThat(open.maxPayload()).isEqualTo(12345);
        assertThat(server.engine().session(open.sid())).isNotNull();
        assertThat(server.engine().session(open.sid()).transport()).isEqualTo(TransportType.POLLING);
    }

    @Test
    void defaultsAreTheReferenceServerValues() {
        start(EngineOptions.defaults());

        Handshake open = server.polling().handshake();

        assertThat(open.pingInterval()).isEqualTo(25_000);
        assertThat(open.pingTimeout()).isEqualTo(20_000);
        assertThat(open.maxPayload()).isEqualTo(1_000_000);
        assertThat(server.engine().options().path()).isEqualTo("/socket.io/");
        assertThat(server.engine().options().upgradeTimeout().toMillis()).isEqualTo(10_000);
        assertThat(server.engine().options().cors()).isNull();
        assertThat(server.engine().options().cookie()).isNull();
    }

    @Test
    void webSocketHandshakeSendsTheOpenPacketWithoutUpgrades() {
        start(EngineOptions.builder().pingInterval(Duration.ofMillis(300))
                .pingTimeout(Duration.ofMillis(200)).build());

        try (WsClient ws = WsClient.connect(server.ws("EIO=4&transport=websocket"))) {
            String text = ws.nextText();

            assertThat(text).startsWith("0{\"sid\":\"");
            Handshake open = Handshake.parse(text);
            assertThat(open.json().keySet())
                    .containsExactly("sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload");
            assertThat(open.sid()).matches(SID_PATTERN);
            assertThat(open.upgrades()).isEmpty();
            assertThat(open.pingInterval()).isEqualTo(300);
            assertThat(open.pingTimeout()).isEqualTo(200);
            assertThat(open.maxPayload()).isEqualTo(1_000_000);
            assertThat(server.engine().session(open.sid()).transport())
                    .isEqualTo(TransportType.WEBSOCKET);
        }
    }

    @Test
    void pollingOffersNoUpgradeWhenUpgradesAreOff() {
        start(EngineTestServer.quietOptions().allowUpgrades(false).build());

        assertThat(server.polling().handshake().upgrades()).isEmpty();
    }

    @Test
    void pollingOffersNoUpgradeWhenWebSocketIsDisabled() {
        start(EngineTestServer.quietOptions().transports(TransportType.POLLING).build());

        assertThat(server.polling().handshake().upgrades()).isEmpty();
    }

    @Test
    void everySessionGetsADifferentSid() {
        start(EngineTestServer.quietOptions().build());
        PollingClient polling = server.polling();

        Set<String> sids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            sids.add(polling.handshake().sid());
        }

        assertThat(sids).hasSize(20).allMatch(s -> s.matches(SID_PATTERN));
        assertThat(server.engine().sessionCount()).isEqualTo(20);
    }

    @Test
    void newSessionIdsAreTwentyUrlSafeCharacters() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(EngineServer.newSessionId());
        }
        assertThat(ids).hasSize(1000).allMatch(s -> s.matches(SID_PATTERN));
    }

    @Test
    void unknownQueryParametersAreIgnored() {
        start(EngineTestServer.quietOptions().build());

        HttpResponse<String> r = server.polling().request("GET",
                "EIO=4&transport=polling&t=NxYz1&foo=bar&sid", null);

        // an empty sid is still "a sid": only a missing one is a handshake
        assertThat(r.statusCode()).isEqualTo(400);
        HttpResponse<String> ok = server.polling().request("GET",
                "t=NxYz1&EIO=4&foo=bar&transport=polling&b64=1", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).startsWith("0{");
    }

    @Test
    void listenerHearsOfTheNewSession() {
        RecordingListener listener = RecordingListener.recording();
        server = EngineTestServer.start(EngineTestServer.quietOptions().build(), listener);

        String sid = server.polling().handshake().sid();

        await().until(() -> listener.events(sid).contains("open"));
        assertThat(listener.session(sid).id()).isEqualTo(sid);
        assertThat(listener.session(sid).request().query()).containsEntry("transport", "polling");
    }
}
