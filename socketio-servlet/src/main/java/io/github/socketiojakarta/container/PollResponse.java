package io.github.socketiojakarta.container;

import io.github.socketiojakarta.engine.EngineError;
import io.github.socketiojakarta.engine.EngineSession;
import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.engine.transport.PollExchange;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A pending long-polling GET on an async servlet request. It is answered once, with a
 * non-blocking write ({@link WriteListener}), so no thread waits on a slow client. If the client
 * goes away first, the session hears of it.
 */
final class PollResponse implements PollExchange, AsyncListener {
    private static final System.Logger LOG = System.getLogger(PollResponse.class.getName());
    private static final int CHUNK = 32 * 1024;

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile EngineSession session;

    PollResponse(AsyncContext async, HttpServletResponse response) {
        this.async = async;
        this.response = response;
    }

    /** Hands the request to the session, which answers it now or later. */
    void pollOn(EngineSession s) {
        session = s;
        s.onPoll(this);
    }

    @Override
    public void send(List<EnginePacket> packets) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        byte[] body = EngineCodec.encodePayload(packets).getBytes(StandardCharsets.UTF_8);
        write(HttpServletResponse.SC_OK, "text/plain; charset=UTF-8", body);
    }

    @Override
    public void fail(EngineError error) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        write(error.status(), "application/json", error.json().getBytes(StandardCharsets.UTF_8));
    }

    private void write(int status, String contentType, byte[] body) {
        try {
            response.setStatus(status);
            response.setContentType(contentType);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(body.length);
            ServletOutputStream out = response.getOutputStream();
            out.setWriteListener(new WriteListener() {
                private int pos;

                @Override
                public void onWritePossible() throws IOException {
                    while (out.isReady()) {
                        if (pos == body.length) {
                            async.complete();
                            return;
                        }
                        int n = Math.min(CHUNK, body.length - pos);
                        out.write(body, pos, n);
                        pos += n;
                    }
                }

                @Override
                public void onError(Throwable t) {
                    LOG.log(Level.DEBUG, "polling response failed: {0}", t.toString());
                    complete();
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "polling response failed: {0}", e.toString());
            complete();
        }
    }

    private void complete() {
        try {
            async.complete();
        } catch (IllegalStateException ignored) {
            // already completed
        }
    }

    /** A read listener that drains the (empty) GET body and reports a vanished client. */
    ReadListener abortWatcher(ServletInputStream in) {
        return new ReadListener() {
            private final byte[] sink = new byte[256];

            @Override
            public void onDataAvailable() throws IOException {
                while (in.isReady() && in.read(sink) >= 0) {
                    // a GET has no body; discard anything sent
                }
            }

            @Override
            public void onAllDataRead() {}

            @Override
            public void onError(Throwable t) {
                LOG.log(Level.DEBUG, "polling request aborted: {0}", t.toString());
                clientGone();
                complete();
            }
        };
    }

    // ----------------------------------------------------------- AsyncListener

    @Override
    public void onComplete(AsyncEvent event) {
        clientGone();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        // only reached if a container imposes a timeout despite setTimeout(0): end it cleanly
        if (answered.compareAndSet(false, true)) {
            EngineSession s = session;
            if (s != null) {
                s.onPollEnded(this, false);
            }
            try {
                response.setStatus(HttpServletResponse.SC_OK);
                response.setContentType("text/plain; charset=UTF-8");
                response.getOutputStream().print("6");
            } catch (IOException | RuntimeException ignored) {
                // the client is gone
            }
            complete();
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        clientGone();
        complete();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    private void clientGone() {
        if (answered.compareAndSet(false, true)) {
            EngineSession s = session;
            if (s != null) {
                s.onPollEnded(this, true);
            }
        }
    }
}
