package io.github.socketiojakarta.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Raw Engine.IO long-polling requests with {@link HttpClient} (HTTP/1.1, real sockets): the
 * handshake, GETs (blocking or pending), POSTs, and arbitrary requests for the error table.
 * Every blocking call gives up after {@link #TIMEOUT} with an {@link AssertionError}.
 *
 * <p>Thread-safe; one client may have several requests in flight (each on its own connection).
 */
public final class PollingClient {
    /** How long a blocking call waits for its answer. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final EngineTestServer server;

    PollingClient(EngineTestServer server) {
        this.server = server;
    }

    /** The shared HTTP/1.1 client. */
    public static HttpClient http() {
        return HTTP;
    }

    /** The polling query for a sid: {@code EIO=4&transport=polling&sid=...}. */
    public static String query(String sid) {
        return "EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid);
    }

    /**
     * Opens a session: GET without sid, checks the 200 answer is an open packet.
     *
     * @return the parsed open packet
     */
    public Handshake handshake() {
        HttpResponse<String> r = get(null);
        assertThat(r.statusCode()).as("handshake status, body %s", r.body()).isEqualTo(200);
        return Handshake.parse(r.body());
    }

    /** A polling GET for the sid (null: a handshake), waiting for its answer. */
    public HttpResponse<String> get(String sid) {
        return await(getAsync(sid));
    }

    /** A polling GET for the sid, not waited for (the server may hold it). */
    public CompletableFuture<HttpResponse<String>> getAsync(String sid) {
        return sendAsync(HttpRequest.newBuilder(server.http(query(sid))).GET());
    }

    /** A polling POST of a text body for the sid, waiting for its answer. */
    public HttpResponse<String> post(String sid, String body) {
        return await(postAsync(sid, body));
    }

    /** A polling POST of a text body, not waited for. */
    public CompletableFuture<HttpResponse<String>> postAsync(String sid, String body) {
        return sendAsync(HttpRequest.newBuilder(server.http(query(sid)))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /**
     * Any request to the engine's path.
     *
     * @param method the HTTP method
     * @param query the query string (without {@code ?}), or null
     * @param body the body, or null for none
     * @param headers header names and values, alternating
     */
    public HttpResponse<String> request(String method, String query, String body,
            String... headers) {
        BodyPublisher publisher = body == null ? BodyPublishers.noBody()
                : BodyPublishers.ofString(body, StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http(query)).method(method, publisher);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return await(sendAsync(b));
    }

    /**
     * Polls until {@code count} packets arrived (the server may spread them over several
     * answers, each of which must be 200).
     *
     * @return the packets' text forms, in order
     */
    public List<String> pollPackets(String sid, int count) {
        List<String> packets = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (packets.size() < count) {
            assertThat(System.nanoTime()).as("%d packets within %s, got %s", count, TIMEOUT, packets)
                    .isLessThan(deadline);
            HttpResponse<String> r = get(sid);
            assertThat(r.statusCode()).as("poll status, body %s", r.body()).isEqualTo(200);
            packets.addAll(split(r.body()));
        }
        return packets;
    }

    /** Splits a polling payload on the record separator. */
    public static List<String> split(String payload) {
        return Arrays.asList(payload.split("\u001e", -1));
    }

    /** The waited-for answer of a request, or an AssertionError after {@link #TIMEOUT}. */
    public static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new AssertionError("request failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within " + TIMEOUT, e);
        }
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest.Builder b) {
        return HTTP.sendAsync(b.timeout(Duration.ofSeconds(30)).build(),
                BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The decoded value of a query parameter, or null. */
    static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** An absolute URI on the server, for requests outside the engine's path. */
    public URI uri(String query) {
        return server.http(query);
    }
}
