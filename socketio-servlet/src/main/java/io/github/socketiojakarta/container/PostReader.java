package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.engine.binding.PollingLink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a long-polling POST body with non-blocking I/O ({@link ReadListener}), up to
 * maxHttpBufferSize bytes (chunked bodies too), then hands it to the session and answers
 * {@code ok}. A body over the limit gets 413 and closes the session; a body that stalls past the
 * async timeout gets 408.
 *
 * <p>The body is read straight into one array sized by the request's Content-Length (grown for a
 * chunked body), with no read buffer of its own: every long-polling message is a POST, and the
 * young collections that allocation brings on are the pauses in the tail of a polling round trip
 * (see benchmarks/README.md, "Long-polling round trip").
 */
final class PostReader implements ReadListener, AsyncListener {
    private static final System.Logger LOG = System.getLogger(PostReader.class.getName());

    private final PollingLink polling;
    private final AsyncContext async;
    private final ServletInputStream in;
    private final HttpServletResponse response;
    private final int limit;
    /** A binary body (an Engine.IO v3 binary payload), handed over as bytes. */
    private final boolean binary;
    /** The first {@code size} bytes are the body read so far (one reading thread at a time). */
    private byte[] body;
    private int size;
    private final AtomicBoolean done = new AtomicBoolean();

    PostReader(PollingLink polling, AsyncContext async, ServletInputStream in,
            HttpServletResponse response, int limit, int expected) {
        this(polling, async, in, response, limit, expected, false);
    }

    PostReader(PollingLink polling, AsyncContext async, ServletInputStream in,
            HttpServletResponse response, int limit, int expected, boolean binary) {
        this.polling = polling;
        this.async = async;
        this.in = in;
        this.response = response;
        this.limit = limit;
        this.binary = binary;
        this.body = new byte[expected > 0 ? Math.min(expected, limit) : Math.min(256, limit)];
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (in.isReady() && !in.isFinished()) {
            if (size == body.length) {
                if (size >= limit) {
                    // full at the limit: one byte more is too large, end of body is fine
                    if (in.read() < 0) {
                        break;
                    }
                    tooLarge();
                    return;
                }
                body = Arrays.copyOf(body, (int) Math.min(limit, Math.max(256L, size * 2L)));
            }
            int n = in.read(body, size, body.length - size);
            if (n < 0) {
                break;
            }
            size += n;
        }
    }

    @Override
    public void onAllDataRead() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        Runnable answer = () -> {
            Responses.ok(response);
            complete();
        };
        EngineError error = binary ? polling.onBinaryPostBody(body, size, answer)
                : polling.onPostBody(new String(body, 0, size, StandardCharsets.UTF_8), answer);
        if (error != null) {
            Responses.error(response, error.status(), error.json());
            complete();
        }
    }

    private void tooLarge() {
        if (!done.compareAndSet(false, true)) {
            return;
        }
        LOG.log(Level.DEBUG, "session {0}: POST body over {1} bytes", polling.sessionId(), limit);
        polling.endPost();
        polling.fail();
        Responses.status(response, 413);
        async.complete();
    }

    @Override
    public void onError(Throwable t) {
        if (done.compareAndSet(false, true)) {
            LOG.log(Level.DEBUG, "session {0}: POST read failed: {1}", polling.sessionId(), t.toString());
            polling.endPost();
            polling.fail();
            complete();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        if (done.compareAndSet(false, true)) {
            LOG.log(Level.DEBUG, "session {0}: POST body too slow", polling.sessionId());
            polling.endPost();
            polling.fail();
            Responses.status(response, 408);
            complete();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable() != null ? event.getThrowable() : new IOException("aborted"));
    }

    @Override
    public void onComplete(AsyncEvent event) {
        if (done.compareAndSet(false, true)) {
            polling.endPost();
        }
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException ignored) {
            // already completed
        }
    }
}
