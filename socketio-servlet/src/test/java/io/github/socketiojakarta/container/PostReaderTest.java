package io.github.socketiojakarta.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.engine.binding.PollExchange;
import io.github.socketiojakarta.engine.binding.PollingLink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A long-polling POST body is read whole, in any number of parts, up to the limit and not a
 * byte more; and reading it allocates no read buffer of its own (every polling message is a
 * POST: what each one allocates brings the next young collection, a pause in the round trip,
 * closer).
 */
class PostReaderTest {

    /** An input stream that is ready with the given parts, one per read, then finished. */
    private static final class Parts extends ServletInputStream {
        private final Deque<byte[]> parts = new ArrayDeque<>();
        private byte[] current;
        private int pos;

        Parts(String... texts) {
            for (String t : texts) {
                parts.add(t.getBytes(StandardCharsets.UTF_8));
            }
        }

        private boolean advance() {
            while ((current == null || pos == current.length) && !parts.isEmpty()) {
                current = parts.poll();
                pos = 0;
            }
            return current != null && pos < current.length;
        }

        @Override
        public boolean isFinished() {
            return !advance();
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener readListener) {}

        @Override
        public int read() {
            return advance() ? current[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!advance()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /** What the session side saw. */
    private static final class Link implements PollingLink {
        final List<String> bodies = new ArrayList<>();
        int ended;
        int failed;

        @Override
        public String sessionId() {
            return "sid";
        }

        @Override
        public void fail() {
            failed++;
        }

        @Override
        public void onPoll(PollExchange exchange) {}

        @Override
        public void onPollEnded(PollExchange exchange, boolean clientGone) {}

        @Override
        public EngineError beginPost() {
            return null;
        }

        @Override
        public EngineError onPostBody(String body, Runnable answer) {
            bodies.add(body);
            answer.run();
            return null;
        }

        @Override
        public void endPost() {
            ended++;
        }
    }

    /** The response: its status and body. */
    private static final class Answer {
        int status = 200;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int completions;

        final ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener writeListener) {}

            @Override
            public void write(int b) {
                body.write(b);
            }
        };

        HttpServletResponse response() {
            return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "getOutputStream" -> {
                                return out;
                            }
                            default -> {
                                // headers: not looked at here
                            }
                        }
                        return null;
                    });
        }

        AsyncContext async() {
            return (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {AsyncContext.class}, (proxy, method, args) -> {
                        if (method.getName().equals("complete")) {
                            completions++;
                        }
                        return null;
                    });
        }
    }

    private static void readAll(PostReader reader, Parts in) throws Exception {
        reader.onDataAvailable();
        assertThat(in.isFinished()).isTrue();
        reader.onAllDataRead();
    }

    @Test
    void aChunkedBodyInManyPartsArrivesWhole() throws Exception {
        Link link = new Link();
        Answer answer = new Answer();
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            big.append("42[\"m\",").append(i).append("]\u001e");
        }
        String[] parts = big.toString().split("(?<=\u001e)");
        Parts in = new Parts(parts);
        readAll(new PostReader(link, answer.async(), in, answer.response(), 1_000_000, -1),
                in);

        assertThat(link.bodies).containsExactly(big.toString());
        assertThat(answer.body.toString(StandardCharsets.UTF_8)).isEqualTo("ok");
        assertThat(answer.completions).isEqualTo(1);
    }

    @Test
    void aBodyOfExactlyTheLimitIsTakenAndOneByteMoreIsRefused() throws Exception {
        String exact = "4" + "x".repeat(99);
        Link link = new Link();
        Answer answer = new Answer();
        Parts in = new Parts(exact.substring(0, 30), exact.substring(30));
        readAll(new PostReader(link, answer.async(), in, answer.response(), 100, 100), in);
        assertThat(link.bodies).containsExactly(exact);

        Link over = new Link();
        Answer refused = new Answer();
        // announced as 100 bytes, sends 101: caught at the limit, not trusted to the header
        PostReader reader = new PostReader(over, refused.async(), new Parts(exact, "y"),
                refused.response(), 100, 100);
        reader.onDataAvailable();
        reader.onAllDataRead();
        assertThat(over.bodies).isEmpty();
        assertThat(refused.status).isEqualTo(413);
        assertThat(over.failed).isEqualTo(1);
        assertThat(over.ended).isEqualTo(1);
        assertThat(refused.completions).isEqualTo(1);
    }

    @Test
    void readingAShortBodyAllocatesNoReadBuffer() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean sun
                && sun.isThreadAllocatedMemorySupported());
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        threads.setThreadAllocatedMemoryEnabled(true);
        String message = "42[\"bench:echo\",\"x\",{\"t\":1733300000000}]";
        int length = message.getBytes(StandardCharsets.UTF_8).length;
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) { // the first rounds load classes
            Link link = new Link();
            Answer answer = new Answer();
            HttpServletResponse response = answer.response();
            AsyncContext async = answer.async();
            Parts in = new Parts(message);
            long before = threads.getCurrentThreadAllocatedBytes();
            PostReader reader = new PostReader(link, async, in, response, 1_000_000, length);
            reader.onDataAvailable();
            reader.onAllDataRead();
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            least = Math.min(least, allocated);
            assertThat(link.bodies).containsExactly(message);
        }
        // the body's bytes, its String and the test's own bookkeeping: well under the 8 KB read
        // buffer the reader used to allocate for every POST
        assertThat(least).isLessThan(4096);
    }
}
