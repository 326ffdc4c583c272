package io.github.socketiojakarta.engine.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.engine.codec.EnginePacket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A batch sent frame by frame: in order, one completion for the batch, a loop while sends
 * complete at once (no stack growth) and a continuation from the completion otherwise.
 */
class FrameChannelTest {

    @Test
    void aLongBatchOfSendsThatCompleteAtOnceDoesNotDeepenTheStack() {
        List<String> frames = new ArrayList<>();
        AtomicInteger maxDepth = new AtomicInteger();
        FrameChannel channel = new Recording(frames, (frame, completion) -> {
            if (frames.size() % 1000 == 0) {
                maxDepth.accumulateAndGet(Thread.currentThread().getStackTrace().length,
                        Math::max);
            }
            completion.done(null);
        });
        List<EnginePacket> batch = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            batch.add(EnginePacket.message("m" + i));
        }
        int depthHere = Thread.currentThread().getStackTrace().length;
        AtomicInteger completions = new AtomicInteger();

        channel.send(batch, error -> completions.incrementAndGet());

        assertThat(completions).hasValue(1);
        assertThat(frames).hasSize(50_000).startsWith("4m0", "4m1").endsWith("4m49999");
        assertThat(maxDepth.get() - depthHere).isLessThan(20);
    }

    @Test
    void sendsThatCompleteOnAnotherThreadContinueFromTheCompletion() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            List<String> frames = new CopyOnWriteArrayList<>();
            FrameChannel channel = new Recording(frames,
                    (frame, completion) -> other.execute(() -> completion.done(null)));
            CompletableFuture<Throwable> done = new CompletableFuture<>();

            channel.send(List.of(EnginePacket.message("a"), EnginePacket.PING,
                    EnginePacket.binary(new byte[] {1, 2}), EnginePacket.message("b")),
                    done::complete);

            assertThat(done.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(frames).containsExactly("4a", "2", "binary 2", "4b");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aFailedSendEndsTheBatchWithItsError() {
        List<String> frames = new ArrayList<>();
        IOException broken = new IOException("broken pipe");
        FrameChannel channel = new Recording(frames,
                (frame, completion) -> completion.done(frame.equals("4b") ? broken : null));
        List<Throwable> results = new ArrayList<>();

        channel.send(List.of(EnginePacket.message("a"), EnginePacket.message("b"),
                EnginePacket.message("c")), results::add);

        assertThat(frames).containsExactly("4a", "4b");
        assertThat(results).containsExactly(broken);
    }

    /** How a test completes the send of one frame. */
    private interface Sender {
        void send(String frame, WebSocketChannel.Completion completion);
    }

    /** Records each frame, then lets the test complete it. */
    private static final class Recording extends FrameChannel {
        private final List<String> frames;
        private final Sender sender;

        Recording(List<String> frames, Sender sender) {
            this.frames = frames;
            this.sender = sender;
        }

        @Override
        protected void sendText(String text, Completion completion) {
            frames.add(text);
            sender.send(text, completion);
        }

        @Override
        protected void sendBinary(byte[] data, Completion completion) {
            String frame = "binary " + data.length;
            frames.add(frame);
            sender.send(frame, completion);
        }

        @Override
        public void close(int code, String reason) {}
    }
}
