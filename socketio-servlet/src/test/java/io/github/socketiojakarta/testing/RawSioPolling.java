package io.github.socketiojakarta.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A raw Socket.IO client over raw Engine.IO long-polling ({@link java.net.http.HttpClient}):
 * it sends exactly the packets it is given, and polls only when told to, for the tests of
 * volatile emits, bounded queues and bad inputs. Blocking calls give up after
 * {@link PollingClient#TIMEOUT}.
 *
 * <p>Thread-safe; several requests may be in flight.
 */
public final class RawSioPolling {
    private final int port;
    private final Handshake open;

    private RawSioPolling(int port) {
        this.port = port;
        HttpResponse<String> r = PollingClient.await(send(HttpRequest.newBuilder(uri(null)).GET()));
        assertThat(r.statusCode()).as("handshake, body %s", r.body()).isEqualTo(200);
        this.open = Handshake.parse(r.body());
    }

    /** Opens an Engine.IO polling session at {@code /socket.io/} (no namespace joined). */
    public static RawSioPolling open(int port) {
        return new RawSioPolling(port);
    }

    /** The Engine.IO session id. */
    public String sid() {
        return open.sid();
    }

    /**
     * Joins {@code /}: posts {@code 40}, then polls the answer.
     *
     * @return the answer, e.g. {@code 40{"sid":"..."}}
     */
    public String connect() {
        assertThat(post("40").body()).isEqualTo("ok");
        HttpResponse<String> r = get();
        assertThat(r.statusCode()).as("poll, body %s", r.body()).isEqualTo(200);
        return r.body();
    }

    /** POSTs Engine.IO packets (texts such as {@code 42["x"]}), joined by the separator. */
    public HttpResponse<String> post(String... packets) {
        return PollingClient.await(postAsync(packets));
    }

    /** POSTs Engine.IO packets without waiting. */
    public CompletableFuture<HttpResponse<String>> postAsync(String... packets) {
        return send(HttpRequest.newBuilder(uri(sid()))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\u001e", packets),
                        StandardCharsets.UTF_8)));
    }

    /** A GET, waiting for its answer. */
    public HttpResponse<String> get() {
        return PollingClient.await(getAsync());
    }

    /** A GET, not waited for (the server holds it until it has packets). */
    public CompletableFuture<HttpResponse<String>> getAsync() {
        return send(HttpRequest.newBuilder(uri(sid())).GET());
    }

    /** The packets of a polling answer. */
    public static List<String> packets(HttpResponse<String> r) {
        return PollingClient.split(r.body());
    }

    private URI uri(String sid) {
        return URI.create("http://127.0.0.1:" + port + "/socket.io/?"
                + PollingClient.query(sid));
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder b) {
        return PollingClient.http().sendAsync(b.timeout(Duration.ofSeconds(30)).build(),
                BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
