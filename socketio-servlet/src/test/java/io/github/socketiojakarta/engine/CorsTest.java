package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.testing.EngineTestServer;
import io.github.socketiojakarta.testing.PollingClient;
import io.github.socketiojakarta.testing.RecordingListener;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cross-origin headers on the polling transport: opt-in, exact origins, preflights. */
class CorsTest {
    private static final String APP = "https://app.example";
    private static final String EVIL = "https://evil.example";

    private EngineTestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private PollingClient start(CorsOptions cors) {
        server = EngineTestServer.start(EngineTestServer.quietOptions().cors(cors).build(),
                RecordingListener.recording());
        return server.polling();
    }

    private static HttpResponse<String> handshakeFrom(PollingClient polling, String origin) {
        return polling.request("GET", PollingClient.query(null), null, "Origin", origin);
    }

    private static HttpResponse<String> preflight(PollingClient polling, String origin) {
        return polling.request("OPTIONS", PollingClient.query(null), null, "Origin", origin,
                "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "content-type");
    }

    private static void assertNoCorsHeaders(HttpHeaders headers) {
        assertThat(headers.map().keySet())
                .noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("access-control-"));
    }

    @Test
    void corsIsOffByDefault() {
        PollingClient polling = start(null);

        HttpResponse<String> r = handshakeFrom(polling, APP);

        assertThat(r.statusCode()).isEqualTo(200);
        assertNoCorsHeaders(r.headers());
        assertThat(server.engine().options().cors()).isNull();
    }

    @Test
    void preflightIsNotAnsweredWhenCorsIsOff() {
        PollingClient polling = start(null);

        HttpResponse<String> r = preflight(polling, APP);

        assertThat(r.statusCode()).isEqualTo(400);
        assertNoCorsHeaders(r.headers());
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void allowedOriginIsReflectedWithVaryOrigin() {
        PollingClient polling = start(CorsOptions.allow(APP));

        HttpResponse<String> r = handshakeFrom(polling, APP);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(r.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    @Test
    void credentialsAreAllowedWhenConfigured() {
        PollingClient polling = start(CorsOptions.allow(APP).withCredentials());

        HttpResponse<String> r = handshakeFrom(polling, APP);

        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    }

    @Test
    void disallowedOriginGetsNoAllowHeader() {
        PollingClient polling = start(CorsOptions.allow(APP).withCredentials());

        HttpResponse<String> r = handshakeFrom(polling, EVIL);

        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
        assertThat(r.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Origin"));
    }

    @Test
    void originMatchingIsExact() {
        PollingClient polling = start(CorsOptions.allow(APP));

        for (String near : List.of(APP + ".evil.example", "http://app.example", APP + ":8443",
                "https://APP.example", "null")) {
            assertThat(handshakeFrom(polling, near).headers()
                    .firstValue("Access-Control-Allow-Origin")).as(near).isEmpty();
        }
    }

    @Test
    void anyOriginIsAStar() {
        PollingClient polling = start(CorsOptions.allow("*"));

        assertThat(handshakeFrom(polling, EVIL).headers().firstValue("Access-Control-Allow-Origin"))
                .hasValue("*");
    }

    @Test
    void preflightIs204WithMethodsAndTheAskedHeaders() {
        PollingClient polling = start(CorsOptions.allow(APP).withCredentials());

        HttpResponse<String> r = preflight(polling, APP);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET,POST");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type");
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).isEmpty();
        assertThat(server.engine().sessionCount()).isZero();
    }

    @Test
    void preflightAnnouncesConfiguredHeadersAndMaxAge() {
        PollingClient polling = start(new CorsOptions(List.of(APP), false, List.of("GET", "POST"),
                List.of("X-Token", "Content-Type"), 600));

        HttpResponse<String> r = preflight(polling, APP);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers"))
                .hasValue("X-Token,Content-Type");
        assertThat(r.headers().firstValue("Access-Control-Max-Age")).hasValue("600");
    }

    @Test
    void preflightFromADisallowedOriginAllowsNothing() {
        PollingClient polling = start(CorsOptions.allow(APP));

        HttpResponse<String> r = preflight(polling, EVIL);

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).isEmpty();
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).isEmpty();
    }

    @Test
    void postsAndErrorsCarryTheHeadersToo() {
        PollingClient polling = start(CorsOptions.allow(APP));
        String sid = polling.handshake().sid();

        HttpResponse<String> post = polling.request("POST", PollingClient.query(sid), "4hi",
                "Origin", APP, "Content-Type", "text/plain;charset=UTF-8");
        HttpResponse<String> error = polling.request("GET", "EIO=3&transport=polling", null,
                "Origin", APP);

        assertThat(post.body()).isEqualTo("ok");
        assertThat(post.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.headers().firstValue("Access-Control-Allow-Origin")).hasValue(APP);
    }

    @Test
    void starWithCredentialsCannotBeConfigured() {
        assertThatThrownBy(() -> CorsOptions.allow("*").withCredentials())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> new CorsOptions(List.of("*"), true, List.of("GET"), List.of(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void starCannotBeMixedWithNamedOriginsAndSomeOriginIsNeeded() {
        assertThatThrownBy(() -> CorsOptions.allow("*", APP))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CorsOptions.allow())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
