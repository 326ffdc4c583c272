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

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
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
            pool.submit(() -> link.session().send(EnginePacket.message("c"))).get();
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
        other.set(otherLink.session());
        try {
            link.onText("4go");
            assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();

            otherLink.session().send(EnginePacket.PING); // as the heartbeat does, on its thread

            assertThat(second.events).containsSubsequence("send 4held", "send 2");
            assertThat(release.getCount()).isEqualTo(1); // the callback still runs
        } finally {
            release.countDown();
        }
    }

    @Test
    void sendsFromOtherThreadsAreWrittenAtOnce() {
        RecordingChannel channel = new RecordingChannel();
        WebSocketLink link = open(channel, (session, text) -> { });
        // this test's thread runs no callback: no cork
        link.session().send(EnginePacket.message("now"));
        assertThat(channel.events).containsExactly("send 0", "send 4now");
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
}
