package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.binding.EngineError;
import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.engine.binding.PollExchange;
import io.github.socketiojakarta.engine.binding.PollingLink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pending long-polling GET on an async servlet request, answered once with a non-blocking
 * write, so no thread waits on a slow client.
 *
 * <p>The {@link WriteListener} is registered on the container thread when the GET arrives
 * ({@link #start}); the answer may then come from any thread: it is written at once when the
 * output is ready, otherwise by the container's {@code onWritePossible}. (Registering the
 * listener from another thread while the request's own thread is still in the servlet loses the
 * write notification on Tomcat: a fast answer, such as an ack, left the GET hanging.)
 */
final class PollResponse implements PollExchange, AsyncListener, WriteListener {
    private static final System.Logger LOG = System.getLogger(PollResponse.class.getName());
    private static final int CHUNK = 32 * 1024;

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final ServletOutputStream out;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile PollingLink session;

    // guarded by this
    private byte[] body;
    private int pos;
    private boolean completed;

    private PollResponse(AsyncContext async, HttpServletResponse response,
            ServletOutputStream out) {
        this.async = async;
        this.response = response;
        this.out = out;
    }

    /**
     * Starts the exchange on the request's container thread: the async listener and the write
     * listener are registered before anyone can answer.
     */
    static PollResponse start(AsyncContext async, HttpServletResponse response)
            throws IOException {
        PollResponse exchange = new PollResponse(async, response, response.getOutputStream());
        async.addListener(exchange);
        exchange.out.setWriteListener(exchange);
        return exchange;
    }

    /** Hands the request to the session, which answers it now or later. */
    void pollOn(PollingLink s) {
        session = s;
        s.onPoll(this);
    }

    @Override
    public void send(List<EnginePacket> packets) {
        if (answered.compareAndSet(false, true)) {
            answer(HttpServletResponse.SC_OK, "text/plain; charset=UTF-8",
                    EngineCodec.encodePayload(packets).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void sendBody(byte[] bytes, String contentType) {
        if (answered.compareAndSet(false, true)) {
            answer(HttpServletResponse.SC_OK, contentType, bytes);
        }
    }

    @Override
    public void fail(EngineError error) {
        if (answered.compareAndSet(false, true)) {
            answer(error.status(), "application/json",
                    error.json().getBytes(StandardCharsets.UTF_8));
        }
    }

    private synchronized void answer(int status, String contentType, byte[] bytes) {
        try {
            response.setStatus(status);
            response.setContentType(contentType);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(bytes.length);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "polling response failed: {0}", e.toString());
            finish();
            return;
        }
        body = bytes;
        writeWhileReady();
    }

    @Override
    public synchronized void onWritePossible() {
        writeWhileReady();
    }

    /** Writes what it can without blocking; completes once everything is written. */
    private void writeWhileReady() {
        if (body == null || completed) {
            return;
        }
        try {
            while (out.isReady()) {
                if (pos == body.length) {
                    finish();
                    return;
                }
                int n = Math.min(CHUNK, body.length - pos);
                out.write(body, pos, n);
                pos += n;
            }
            // not ready: the container calls onWritePossible when it is
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "polling response failed: {0}", e.toString());
            finish();
        }
    }

    @Override
    public void onError(Throwable t) {
        LOG.log(Level.DEBUG, "polling response failed: {0}", t.toString());
        clientGone();
        synchronized (this) {
            finish();
        }
    }

    private void finish() {
        if (completed) {
            return;
        }
        completed = true;
        try {
            async.complete();
        } catch (IllegalStateException ignored) {
            // already completed
        }
    }

    // ----------------------------------------------------------- AsyncListener

    @Override
    public void onComplete(AsyncEvent event) {
        clientGone();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // only reached if a container imposes a timeout despite setTimeout(0): end it cleanly
        PollingLink s = session;
        if (s != null) {
            s.onPollEnded(this, false); // answers with a noop if still pending
        }
        send(List.of(EnginePacket.NOOP));
    }

    @Override
    public void onError(AsyncEvent event) {
        onError(event.getThrowable() != null ? event.getThrowable() : new IOException("aborted"));
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    private void clientGone() {
        if (answered.compareAndSet(false, true)) {
            PollingLink s = session;
            if (s != null) {
                s.onPollEnded(this, true);
            }
        }
    }
}
