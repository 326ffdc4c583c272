package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.Handshake;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RawHttp;
import io.github.socketiojakarta.testing.RecordingListener;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The optional session cookie on the handshake of either transport. */
class CookieTest {
    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private PollingClient start(CookieOptions cookie) {
        server = EngineTestServer.start(EngineTestServer.quietOptions().cookie(cookie).build(),
                RecordingListener.recording());
        return server.polling();
    }

    /** Opens a WebSocket session with a raw socket; returns the 101 response and the open packet. */
    private RawHttp.Response webSocketHandshake(RawHttp raw, String query) {
        RawHttp.Response r = raw.send(RawHttp.websocketUpgrade(server.target(query))).readResponse();
        assertThat(r.status()).isEqualTo(101);
        return r;
    }

    @Test
    void noCookieByDefault() {
        PollingClient polling = start(null);

        HttpResponse<String> r = polling.get(null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            assertThat(webSocketHandshake(raw, "EIO=4&transport=websocket").header("Set-Cookie"))
                    .isNull();
        }
    }

    @Test
    void pollingHandshakeSetsTheSessionCookie() {
        PollingClient polling = start(CookieOptions.defaults());

        HttpResponse<String> r = polling.get(null);

        String sid = Handshake.parse(r.body()).sid();
        assertThat(r.headers().allValues("Set-Cookie"))
                .containsExactly("io=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void onlyTheHandshakeSetsTheCookie() {
        PollingClient polling = start(CookieOptions.defaults());
        String sid = polling.handshake().sid();

        assertThat(polling.post(sid, "4x").headers().allValues("Set-Cookie")).isEmpty();
        server.engine().session(sid).send(EnginePacket.NOOP);
        assertThat(polling.get(sid).headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void webSocketHandshakeSetsTheSessionCookie() {
        start(CookieOptions.defaults());
        try (RawHttp raw = RawHttp.connect(server.port())) {
            RawHttp.Response r = webSocketHandshake(raw, "EIO=4&transport=websocket");

            RawHttp.WsFrame first = raw.readFrame();
            assertThat(first.opcode()).isEqualTo(1);
            String sid = Handshake.parse(first.text()).sid();
            assertThat(r.headers().get("set-cookie"))
                    .containsExactly("io=" + sid + "; Path=/; HttpOnly; SameSite=Lax");
            assertThat(server.hasSession(sid)).isTrue();
        }
    }

    @Test
    void upgradeOfAPollingSessionSetsNoCookie() {
        PollingClient polling = start(CookieOptions.defaults());
        String sid = polling.handshake().sid();
        try (RawHttp raw = RawHttp.connect(server.port())) {
            RawHttp.Response r = webSocketHandshake(raw, "EIO=4&transport=websocket&sid=" + sid);

            assertThat(r.header("Set-Cookie")).isNull();
        }
    }

    @Test
    void cookieAttributesFollowTheOptions() {
        PollingClient polling = start(new CookieOptions("sio", "/app", false, "Strict", true));

        HttpResponse<String> r = polling.get(null);

        String sid = Handshake.parse(r.body()).sid();
        assertThat(r.headers().allValues("Set-Cookie"))
                .containsExactly("sio=" + sid + "; Path=/app; SameSite=Strict; Secure");
        assertThat(new CookieOptions("c", null, false, null, false).header("x")).isEqualTo("c=x");
    }
}
