package io.github.socketiojakarta.container.tomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link TomcatChannel}: batches are written with Tomcat's non-blocking flush (reached by
 * reflection, {@link TomcatRemote}), frames arrive whole and in order, and once a batch is
 * written Tomcat's own frames (a pong) are not held back. Fails when a Tomcat upgrade changes
 * the internals the flush relies on, rather than silently falling back to frame-by-frame sends.
 */
class TomcatBatchingTest {
    static final List<String> UTF8_FRAMES = List.of("4h\u00e9llo \u2713 \uD83D\uDE00",
            "4[\"\u00fcber\",\"\u65e5\u672c\"]", "4" + "\u00e9x".repeat(150_000));

    /** Opens a TomcatChannel per connection and, on "go", sends a batch of 200 frames. */
    public static final class BatchEndpoint extends Endpoint {
        static final CompletableFuture<Boolean> BATCHING = new CompletableFuture<>();
        static final CompletableFuture<RemoteEndpoint.Async> REMOTE = new CompletableFuture<>();

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            TomcatChannel channel = TomcatChannel.of(session, new Closing(session));
            BATCHING.complete(channel != null);
            REMOTE.complete(session.getAsyncRemote());
            session.addMessageHandler(String.class, text -> {
                if (text.equals("utf8")) {
                    sendUtf8(channel, session);
                } else {
                    sendBatch(channel, session, 200);
                }
            });
        }

        /** Pre-encoded text frames: alone, then in a batch; the last one is 300 kB. */
        private static void sendUtf8(TomcatChannel channel, Session session) {
            channel.send(List.of(message(UTF8_FRAMES.get(0))), e -> channel.send(
                    List.of(message(UTF8_FRAMES.get(1)), message(UTF8_FRAMES.get(2))),
                    e2 -> session.getAsyncRemote().sendText("done", x -> { })));
        }

        /** A text message whose wire form is {@code frame} (which starts with "4"). */
        private static EnginePacket message(String frame) {
            return EnginePacket.message(frame.substring(1));
        }

        private static void sendBatch(TomcatChannel channel, Session session, int count) {
            // frames of ~150 bytes: the batch spans many of Tomcat's output buffers
            List<EnginePacket> batch = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                batch.add(EnginePacket.message("frame " + i + " " + "x".repeat(140)));
            }
            channel.send(batch, error -> {
                if (error == null) {
                    session.getAsyncRemote().sendText("done", e -> { });
                }
            });
        }
    }

    /** The plain channel's part the batched one delegates to: closing. */
    private record Closing(Session session) implements WebSocketChannel {
        @Override
        public void send(List<EnginePacket> batch, Completion completion) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(int code, String reason) {
            try {
                session.close();
            } catch (java.io.IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * A client of the endpoint: collects the text frames (whole, however the client hands
     * them over) until {@code done}, and notes a pong.
     */
    private static final class Frames implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        final CompletableFuture<Void> pong = new CompletableFuture<>();
        private final StringBuilder part = new StringBuilder();
        WebSocket ws;

        static Frames connect(TestServer tomcat) throws Exception {
            Frames client = new Frames();
            client.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + tomcat.port() + "/batch"), client)
                    .get(10, TimeUnit.SECONDS);
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            part.append(data); // the client may hand a frame in parts
            if (last) {
                String text = part.toString();
                part.setLength(0);
                if (text.equals("done")) {
                    done.countDown();
                } else {
                    frames.add(text);
                }
            }
            w.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket w, ByteBuffer data) {
            pong.complete(null);
            w.request(1);
            return null;
        }
    }

    private static TestServer startTomcat() {
        return TestServer.start((classes, ctx) -> {
            ServerContainer container = (ServerContainer) ctx.getAttribute(
                    ServerContainer.class.getName());
            // Tomcat runs its WebSocket filter only for requests some servlet maps
            ctx.addServlet("none", new jakarta.servlet.http.HttpServlet() {
                private static final long serialVersionUID = 1L;
            }).addMapping("/");
            try {
                container.addEndpoint(ServerEndpointConfig.Builder
                        .create(BatchEndpoint.class, "/batch").build());
            } catch (jakarta.websocket.DeploymentException e) {
                throw new jakarta.servlet.ServletException(e);
            }
        });
    }

    @Test
    void aBatchArrivesWholeAndInOrderAndPongsAreNotHeldBack() throws Exception {
        try (TestServer tomcat = startTomcat()) {
            Frames client = Frames.connect(tomcat);
            assertThat(BatchEndpoint.BATCHING.get(10, TimeUnit.SECONDS))
                    .as("Tomcat's non-blocking batch flush is reachable").isTrue();
            client.ws.sendText("go", true);
            assertThat(client.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.frames).hasSize(200);
            for (int i = 0; i < 200; i++) {
                assertThat(client.frames.get(i)).isEqualTo("4frame " + i + " " + "x".repeat(140));
            }
            // batching is off again: Tomcat answers a ping at once, not with the next batch
            client.ws.sendPing(ByteBuffer.wrap(new byte[] {1}));
            client.pong.get(10, TimeUnit.SECONDS);
            client.ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
    }

    /**
     * The probe of Tomcat's classes, made from an application's class loader, must not keep
     * that loader in memory once the application is gone: Tomcat's classes outlive every
     * application deployed on it.
     */
    @Test
    void probingTomcatKeepsNoUndeployedApplicationInMemory() throws Exception {
        try (TestServer tomcat = startTomcat()) {
            Frames client = Frames.connect(tomcat);
            RemoteEndpoint.Async remote = BatchEndpoint.REMOTE.get(10, TimeUnit.SECONDS);

            WeakReference<ClassLoader> application = probeFromAnApplicationLoader(remote);

            await("the application's class loader collected").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        System.gc();
                        return application.get() == null;
                    });
            client.ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
    }

    /** Loads {@link TomcatRemote} afresh in a loader of its own, as a WAR's would. */
    private static WeakReference<ClassLoader> probeFromAnApplicationLoader(
            RemoteEndpoint.Async remote) throws Exception {
        String name = TomcatRemote.class.getName();
        URL classes = TomcatRemote.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader parent = TomcatBatchingTest.class.getClassLoader();
        URLClassLoader application = new URLClassLoader(new URL[] {classes}, parent) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve)
                    throws ClassNotFoundException {
                if (!n.startsWith(name)) {
                    return super.loadClass(n, resolve);
                }
                synchronized (getClassLoadingLock(n)) {
                    Class<?> c = findLoadedClass(n);
                    return c != null ? c : findClass(n); // its own copy, not the parent's
                }
            }
        };
        Class<?> copy = application.loadClass(name);
        assertThat(copy).isNotSameAs(TomcatRemote.class);
        Method of = copy.getDeclaredMethod("of", RemoteEndpoint.Async.class);
        of.setAccessible(true);
        assertThat(of.invoke(null, remote)).as("the probe found Tomcat's flush").isNotNull();
        application.close();
        return new WeakReference<>(application);
    }

    @Test
    void textAlreadyEncodedInUtf8ArrivesAsTheSameTextAloneOrBatched() throws Exception {
        try (TestServer tomcat = startTomcat()) {
            Frames client = Frames.connect(tomcat);

            client.ws.sendText("utf8", true);

            assertThat(client.done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(client.frames).containsExactlyElementsOf(UTF8_FRAMES);
            client.ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
        }
    }
}
