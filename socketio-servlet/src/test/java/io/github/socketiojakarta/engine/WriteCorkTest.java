package io.github.socketiojakarta.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.binding.WebSocketLink;
import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.testing.EngineTestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a listener callback sends over WebSocket is held back while it runs and written in one
 * batch when it returns ({@link WriteCork}); a callback that goes quiet (blocks) has what it
 * sent written anyway, and a session with much queued is written at once.
 */
class WriteCorkTest {
    private EngineServer engine;
    private final List<EngineServer> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
        servers.forEach(EngineServer::close);
    }

    @Test
    void whatACallbackSendsGoesOutAsOneBatchWhenItReturns() throws Exception {
        List<String> seenDuring = new CopyOnWriteArrayList<>();
        RecordingChannel channel = new RecordingChannel();
        WebSocketLink link = open(channel, (session, text) -> {
            for (int i = 0; i < 3; i++) {
                session.send(EnginePacket.message(text + i));
            }
            seenDuring.addAll(channel.events);
        });
        link.onText("4m");

        await().atMost(Duration.ofSeconds(5)).until(() -> channel.events.contains("flush"));
        // nothing was written while the callback ran (the open packet went out before)
        assertThat(seenDuring).containsExactly("send 0");
        assertThat(channel.events).containsExactly("send 0", "begin", "send 4m0", "send 4m1",
                "send 4m2", "flush");
    }

    @Test
    void onAnExecutorTheApplicationSuppliesTheCallbackIsCorkedToo() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<String> seenDuring = new CopyOnWriteArrayList<>();
            RecordingChannel channel = new RecordingChannel();
            WebSocketLink link = open(channel, (session, text) -> {
                session.send(EnginePacket.message("a"));
                session.send(EnginePacket.message("b"));
                seenDuring.addAll(channel.events);
            }, EngineTestServer.quietOptions().executor(pool));
            link.onText("4go");

            await().atMost(Duration.ofSeconds(5)).until(() -> channel.events.contains("flush"));
            assertThat(seenDuring).containsExactly("send 0");
            assertThat(channel.events).containsExactly("send 0", "begin", "send 4a", "send 4b",
                    "flush");
            // the pool's threads keep no cork between callbacks: a send from one is direct
            pool.submit(() -> sessionOf(link).send(EnginePacket.message("c"))).get();
            assertThat(channel.events).endsWith("send 4c");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallbackThatBlocksAfterSendingDoesNotHoldItsPacketsBack() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RecordingChannel channel = new RecordingChannel();
        WebSocketLink link = open(channel, (session, text) -> {
            session.send(EnginePacket.message("before the wait"));
            try {
                release.await(20, TimeUnit.SECONDS); // a database call, say
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            link.onText("4go");
            // written while the callback still waits: the server's timer released the cork
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> channel.events.contains("send 4before the wait"));
            assertThat(release.getCount()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aSessionWithMuchQueuedIsWrittenBeforeTheCallbackReturns() throws Exception {
        String big = "x".repeat((int) WriteCork.MAX_HELD_BYTES);
        List<String> seenDuring = new CopyOnWriteArrayList<>();
        RecordingChannel channel = new RecordingChannel();
        WebSocketLink link = open(channel, (session, text) -> {
            session.send(EnginePacket.message("small"));
            session.send(EnginePacket.message(big));
            seenDuring.addAll(channel.events);
        });
        link.onText("4go");

        await().atMost(Duration.ofSeconds(5)).until(() -> !seenDuring.isEmpty());
        assertThat(seenDuring).contains("send 4small", "send 4" + big.length() + " chars");
    }

    @Test
    void aSendFromAnotherThreadIsNotHeldByABusyCallbacksCork() throws Exception {
        // a callback that goes on sending must not hold another session's heartbeat: the ping
        // comes from the timer thread, which writes the session at once, with what was held
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<EngineSession> other =
                new java.util.concurrent.atomic.AtomicReference<>();
        RecordingChannel first = new RecordingChannel();
        WebSocketLink link = open(first, (session, text) -> {
            other.get().send(EnginePacket.message("held"));
            busy.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (release.getCount() > 0 && System.nanoTime() < deadline) {
                session.send(EnginePacket.message("busy"));
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
        });
        RecordingChannel second = new RecordingChannel();
        WebSocketLink otherLink = engine.openWebSocket(new EngineRequest("GET", "/socket.io/",
                Map.of("EIO", "4", "transport", "websocket"), "EIO=4&transport=websocket", Map.of(), "127.0.0.1", false, null,
                System.currentTimeMillis()), second);
        other.set(sessionOf(otherLink));
        try {
            link.onText("4go");
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

            sessionOf(otherLink).send(EnginePacket.PING); // as the heartbeat does, on its thread

            assertThat(second.events).containsSubsequence("send 4held", "send 2");
            assertThat(release.getCount()).isEqualTo(1); // the callback still runs
        } finally {
            release.countDown();
        }
    }

    @Test
    void batchedHoldsWhatItsTaskSendsUntilItReturnsAsACallbackDoes() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        WebSocketLink link = open(channel, (session, text) -> { });
        EngineSession session = sessionOf(link);
        List<String> seenDuring = new CopyOnWriteArrayList<>();
        CountDownLatch timer = holdTimer(engine); // only the task's end writes
        try {
            // a thread of the layers above (a cluster adapter relaying other nodes' broadcasts)
            engine.batched(() -> {
                session.send(EnginePacket.message("a"));
                session.send(EnginePacket.message("b"));
                seenDuring.addAll(channel.events);
            });
        } finally {
            timer.countDown();
        }
        assertThat(seenDuring).containsExactly("send 0");
        assertThat(channel.events).containsExactly("send 0", "begin", "send 4a", "send 4b",
                "flush");
        session.send(EnginePacket.message("after")); // the cork is closed: written at once
        assertThat(channel.events).endsWith("send 4after");
    }

    @Test
    void sendsFromOtherThreadsAreWrittenAtOnce() {
        RecordingChannel channel = new RecordingChannel();
        WebSocketLink link = open(channel, (session, text) -> { });
        // this test's thread runs no callback: no cork
        sessionOf(link).send(EnginePacket.message("now"));
        assertThat(channel.events).containsExactly("send 0", "send 4now");
    }

    @Test
    void aNestedCallbackSharesTheCorkAndTheOuterCallbackGoesOnHolding() throws Exception {
        // an executor that runs callbacks in place (as SerialExecutor does when a pool refuses
        // work): a callback that hands another session a message runs that session's callback
        // nested, on the same thread
        AtomicReference<WebSocketLink> outer = new AtomicReference<>();
        AtomicReference<WebSocketLink> inner = new AtomicReference<>();
        RecordingChannel outerChannel = new RecordingChannel();
        RecordingChannel innerChannel = new RecordingChannel();
        List<String> outerDuringInner = new CopyOnWriteArrayList<>();
        List<String> innerDuringInner = new CopyOnWriteArrayList<>();
        List<String> outerAfterInner = new CopyOnWriteArrayList<>();
        List<String> outerBeforeReturn = new CopyOnWriteArrayList<>();
        EngineServer server = server(EngineTestServer.quietOptions().executor(Runnable::run),
                (session, text) -> {
                    EngineSession o = sessionOf(outer.get());
                    if (text.equals("outer")) {
                        o.send(EnginePacket.message("a"));
                        inner.get().onText("4inner");
                        outerAfterInner.addAll(outerChannel.events);
                        o.send(EnginePacket.message("d"));
                        outerBeforeReturn.addAll(outerChannel.events);
                    } else {
                        session.send(EnginePacket.message("b"));
                        o.send(EnginePacket.message("c"));
                        outerDuringInner.addAll(outerChannel.events);
                        innerDuringInner.addAll(innerChannel.events);
                    }
                });
        outer.set(connect(server, outerChannel));
        inner.set(connect(server, innerChannel));
        CountDownLatch timer = holdTimer(server); // only the callbacks' ends write
        try {
            outer.get().onText("4outer");
        } finally {
            timer.countDown();
        }

        // held while the nested callback ran, written when it returned
        assertThat(outerDuringInner).containsExactly("send 0");
        assertThat(innerDuringInner).containsExactly("send 0");
        assertThat(outerAfterInner).containsExactly("send 0", "begin", "send 4a", "send 4c",
                "flush");
        assertThat(innerChannel.events).containsExactly("send 0", "send 4b");
        // the outer callback's cork stays open after the nested one: "d" waits for its end
        assertThat(outerBeforeReturn).isEqualTo(outerAfterInner);
        assertThat(outerChannel.events).containsExactly("send 0", "begin", "send 4a", "send 4c",
                "flush", "send 4d");
        // and no cork is left on this thread
        sessionOf(outer.get()).send(EnginePacket.message("e"));
        assertThat(outerChannel.events).endsWith("send 4e");
    }

    @Test
    void aCallbackOfOneServerDoesNotHoldTheSendsOnASessionOfAnother() throws Exception {
        // two servers in one class loader: a callback of A sending on a session of B has it
        // written at once (A's cork holds only A's sessions), while its own sends are held
        AtomicReference<EngineSession> ofB = new AtomicReference<>();
        RecordingChannel channelA = new RecordingChannel();
        RecordingChannel channelB = new RecordingChannel();
        List<String> seenOnA = new CopyOnWriteArrayList<>();
        List<String> seenOnB = new CopyOnWriteArrayList<>();
        EngineServer a = server(EngineTestServer.quietOptions(), (session, text) -> {
            session.send(EnginePacket.message("mine"));
            ofB.get().send(EnginePacket.message("theirs"));
            seenOnA.addAll(channelA.events);
            seenOnB.addAll(channelB.events);
        });
        List<String> seenOnBDuringItsOwn = new CopyOnWriteArrayList<>();
        EngineServer b = server(EngineTestServer.quietOptions(), (session, text) -> {
            session.send(EnginePacket.message("own 1"));
            session.send(EnginePacket.message("own 2"));
            seenOnBDuringItsOwn.addAll(channelB.events);
        });
        WebSocketLink linkA = connect(a, channelA);
        WebSocketLink linkB = connect(b, channelB);
        ofB.set(sessionOf(linkB));
        CountDownLatch timerA = holdTimer(a); // only the callbacks' ends write
        CountDownLatch timerB = holdTimer(b);
        try {
            linkA.onText("4go");

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> channelA.events.contains("send 4mine"));
            assertThat(seenOnB).containsExactly("send 0", "send 4theirs");
            assertThat(seenOnA).containsExactly("send 0");
            // B's own callbacks are still corked by B
            linkB.onText("4go");
            await().atMost(Duration.ofSeconds(5)).until(() -> channelB.events.contains("flush"));
        } finally {
            timerA.countDown();
            timerB.countDown();
        }
        assertThat(seenOnBDuringItsOwn).containsExactly("send 0", "send 4theirs");
        assertThat(channelB.events).containsExactly("send 0", "send 4theirs", "begin",
                "send 4own 1", "send 4own 2", "flush");
    }

    /**
     * Occupies the server's timer thread until the returned latch is counted down, so that no
     * cork is written for a callback gone quiet (a test thread descheduled for a millisecond on
     * a busy machine): what the test sees is written by the callbacks' ends alone.
     */
    private static CountDownLatch holdTimer(EngineServer server) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        server.scheduleTask(() -> {
            busy.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0);
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private EngineServer server(EngineOptions.Builder options,
            BiConsumer<EngineSession, String> onMessage) {
        EngineServer server = new EngineServer(options.build(), new EngineListener() {
            @Override
            public void onOpen(EngineSession session) {}

            @Override
            public void onMessage(EngineSession session, String text) {
                onMessage.accept(session, text);
            }

            @Override
            public void onBinary(EngineSession session, byte[] data) {}

            @Override
            public void onClose(EngineSession session, CloseReason reason) {}
        });
        servers.add(server);
        return server;
    }

    private static WebSocketLink connect(EngineServer server, RecordingChannel channel) {
        return server.openWebSocket(new EngineRequest("GET", "/socket.io/",
                Map.of("EIO", "4", "transport", "websocket"), "EIO=4&transport=websocket",
                Map.of(), "127.0.0.1", false, null, System.currentTimeMillis()), channel);
    }

    private WebSocketLink open(RecordingChannel channel, BiConsumer<EngineSession, String> onMessage) {
        return open(channel, onMessage, EngineTestServer.quietOptions());
    }

    private WebSocketLink open(RecordingChannel channel, BiConsumer<EngineSession, String> onMessage,
            EngineOptions.Builder options) {
        engine = new EngineServer(options.build(), new EngineListener() {
            @Override
            public void onOpen(EngineSession session) {}

            @Override
            public void onMessage(EngineSession session, String text) {
                onMessage.accept(session, text);
            }

            @Override
            public void onBinary(EngineSession session, byte[] data) {}

            @Override
            public void onClose(EngineSession session, CloseReason reason) {}
        });
        return engine.openWebSocket(new EngineRequest("GET", "/socket.io/",
                Map.of("EIO", "4", "transport", "websocket"), "EIO=4&transport=websocket", Map.of(), "127.0.0.1", false, null,
                System.currentTimeMillis()), channel);
    }

    /**
     * A channel that completes every batch at once and records what it was asked: each frame,
     * and a batch of several packets between "begin" and "flush".
     */
    private static final class RecordingChannel implements WebSocketChannel {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void send(List<EnginePacket> batch, Completion completion) {
            if (batch.size() > 1) {
                events.add("begin");
            }
            for (EnginePacket p : batch) {
                if (p instanceof EnginePacket.BinaryMessage) {
                    events.add("send binary");
                    continue;
                }
                String text = EngineCodec.encodeText(p);
                events.add("send " + (text.startsWith("0{") ? "0" : text.length() > 100
                        ? text.charAt(0) + "" + (text.length() - 1) + " chars" : text));
            }
            if (batch.size() > 1) {
                events.add("flush");
            }
            completion.done(null);
        }

        @Override
        public void close(int code, String reason) {
            events.add("close " + code);
        }
    }

    /** The session behind a link the engine handed out (the engine's own link class). */
    private static EngineSession sessionOf(WebSocketLink link) {
        return ((WebSocketTransport) link).session();
    }
}
