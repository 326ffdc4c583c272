package io.github.socketiojakarta.container.upgrade;

import io.github.socketiojakarta.engine.EngineRequest;
import io.github.socketiojakarta.engine.EngineServer;
import io.github.socketiojakarta.engine.binding.WebSocketLink;
import io.github.socketiojakarta.engine.codec.websocket.FrameException;
import io.github.socketiojakarta.engine.codec.websocket.FrameParser;
import io.github.socketiojakarta.engine.codec.websocket.Frames;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import java.io.EOFException;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;

/**
 * One upgraded WebSocket connection: its reading side and its life cycle. The container
 * creates it in {@code HttpServletRequest.upgrade} (hence public, with a public constructor; not
 * for application use), {@link WebSocketUpgrade} gives it what it needs, and
 * {@link #init} opens the engine's link and sets the stream listeners.
 *
 * <p>Reading: {@link #onDataAvailable} reads while the stream {@code isReady()} into a buffer
 * of its thread (not of the connection), feeds the {@link FrameParser} and hands each whole
 * message to the engine's link, in order, on that thread. The engine may run the message's
 * callback there (when it reads on worker threads): while it runs, nothing more of this
 * connection is read, so a flood waits in the connection, not in memory. A ping is answered with
 * a pong; the peer's close frame with the same code (none when it sent none); a protocol error
 * with its close code (1002, 1007), a message over maxHttpBufferSize with 1009 (the link's
 * {@code onTooBig}). The end of the stream without a close frame is a close ("transport close").
 *
 * <p>Closing: once our close frame is flushed, the connection ends when the peer's close frame
 * or the end of its stream arrives, or after {@link #CLOSE_WAIT_MILLIS}; a close frame that
 * cannot be written ends it after {@link #CLOSE_WRITE_MILLIS}.
 *
 * <p>Threading: the listener methods run on container threads, one at a time for this
 * connection; {@link #end} and the link's close from any thread, once.
 */
public final class UpgradeHandler implements HttpUpgradeHandler, ReadListener, FrameParser.Sink {
    private static final System.Logger LOG = System.getLogger(UpgradeHandler.class.getName());
    /** How long our flushed close frame waits for the peer's. */
    static final long CLOSE_WAIT_MILLIS = 5_000;
    /** How long a close frame may take to be written (a peer that does not read). */
    static final long CLOSE_WRITE_MILLIS = 10_000;
    /** The read buffer of each container thread: memory per thread, not per connection. */
    private static final ThreadLocal<byte[]> READ_BUFFER = new ThreadLocal<>();
    private static final int READ_BUFFER_SIZE = 8192;

    private WebSocketUpgrade upgrade;
    private EngineServer engine;
    /** What {@link #init} needs, dropped there. */
    private EngineRequest request;
    private String newSid;

    private WebConnection webConnection;
    private ServletInputStream in;
    private FrameParser parser;
    private FrameWriter writer;
    private volatile WebSocketLink link;
    /** The link was told the connection closed or failed. */
    private boolean linkDone;
    /** Our close frame is queued: messages read after it are not delivered. */
    private volatile boolean closing;
    private volatile boolean peerClosed;
    /** Our close frame ends the connection at once: we fail it, we do not wait for the peer. */
    private volatile boolean failing;
    /** Why we fail the connection, for the link: told when it ends. */
    private volatile FrameException failure;
    private boolean ended;
    private ScheduledFuture<?> closeTimer;
    /** The container thread in one of this connection's listener methods, or null. */
    private volatile Thread callbackThread;
    private ServletOutputStream out;

    /** For the container ({@code HttpServletRequest.upgrade}); not for application use. */
    public UpgradeHandler() {
    }

    void prepare(WebSocketUpgrade upgrade, EngineServer engine, EngineRequest request,
            String newSid) {
        this.upgrade = upgrade;
        this.engine = engine;
        this.request = request;
        this.newSid = newSid;
    }

    @Override
    public void init(WebConnection connection) {
        Thread previous = enter();
        try {
            start(connection);
        } finally {
            exit(previous);
        }
    }

    private void start(WebConnection connection) {
        webConnection = connection;
        writer = new FrameWriter(this);
        try {
            in = connection.getInputStream();
            out = connection.getOutputStream();
            parser = new FrameParser(engine.options().maxHttpBufferSize());
            EngineRequest r = request;
            request = null;
            link = engine.openWebSocket(r, writer, newSid);
            in.setReadListener(this);
            writer.start(out);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "WebSocket connection failed to start: {0}", e.toString());
            failed(e);
        }
    }

    // ---------------------------------------------------------------- reading

    /** A listener method of this connection begins on this container thread. */
    Thread enter() {
        Thread previous = callbackThread;
        callbackThread = Thread.currentThread();
        return previous;
    }

    /** ... and ends. */
    void exit(Thread previous) {
        callbackThread = previous;
    }

    @Override
    public void onDataAvailable() throws IOException {
        Thread previous = enter();
        try {
            read();
        } finally {
            exit(previous);
        }
    }

    private void read() throws IOException {
        byte[] buffer = READ_BUFFER.get();
        if (buffer == null) {
            buffer = new byte[READ_BUFFER_SIZE];
            READ_BUFFER.set(buffer);
        }
        while (!isEnded() && in.isReady()) {
            int n = in.read(buffer);
            if (n < 0) {
                endOfStream();
                return;
            }
            if (n > 0 && !parser.done()) {
                try {
                    parser.feed(buffer, 0, n, this);
                } catch (FrameException e) {
                    protocolError(e);
                }
            }
        }
    }

    @Override
    public void onAllDataRead() {
        Thread previous = enter();
        try {
            endOfStream();
        } finally {
            exit(previous);
        }
    }

    @Override
    public void onError(Throwable error) {
        Thread previous = enter();
        try {
            failed(error);
        } finally {
            exit(previous);
        }
    }

    @Override
    public void onText(String text) {
        if (!closing) {
            link.onText(text);
        }
    }

    @Override
    public void onBinary(byte[] data) {
        if (!closing) {
            link.onBinary(data);
        }
    }

    @Override
    public void onPing(byte[] payload) {
        writer.pong(payload);
    }

    @Override
    public void onClose(int code, String reason) {
        peerClosed = true;
        writer.close(code, ""); // the echo, unless ours is already on its way
        if (closeFrameWasSent()) {
            end();
        }
        tellLink(null);
    }

    private void protocolError(FrameException e) {
        LOG.log(Level.DEBUG, "WebSocket protocol error ({0}): {1}", e.closeCode(),
                e.getMessage());
        failure = e;
        failing = true;
        if (e.closeCode() == FrameException.TOO_BIG) {
            link.onTooBig(); // the engine closes with 1009
            writer.close(FrameException.TOO_BIG, "message too big");
            return;
        }
        writer.close(e.closeCode(), e.getMessage()); // the link is told when it ends
    }

    private void endOfStream() {
        tellLink(null); // without a close frame: "transport close"
        end();
    }

    /**
     * A read or write failed: the connection is dropped. The end of the peer's stream, as
     * Tomcat reports it when the peer closes without a close frame, is a close.
     */
    void failed(Throwable error) {
        if (writer != null) {
            writer.fail(error);
        }
        tellLink(error instanceof EOFException ? null : error);
        end();
    }

    /** Tells the link, once, that the connection closed ({@code error == null}) or failed. */
    private void tellLink(Throwable error) {
        WebSocketLink l;
        synchronized (this) {
            if (linkDone || link == null) {
                return;
            }
            linkDone = true;
            l = link;
        }
        if (error == null) {
            l.onClose();
        } else {
            l.onError(error);
        }
    }

    // ---------------------------------------------------------------- closing

    private boolean closeSent;

    /** Our close frame was queued (by us, or by the engine through the channel). */
    void closing() {
        closing = true;
        ScheduledFuture<?> t = upgrade.schedule(this::end, CLOSE_WRITE_MILLIS);
        synchronized (this) {
            if (ended || closeTimer != null) {
                cancel(t);
                return;
            }
            closeTimer = t;
        }
    }

    private synchronized boolean closeFrameWasSent() {
        return closeSent;
    }

    /** Our close frame is flushed: end now if the peer already closed, else wait a little. */
    void closeFrameSent() {
        synchronized (this) {
            closeSent = true;
        }
        if (peerClosed || failing) {
            end();
            return;
        }
        ScheduledFuture<?> t = upgrade.schedule(this::end, CLOSE_WAIT_MILLIS);
        ScheduledFuture<?> old;
        synchronized (this) {
            if (ended) {
                cancel(t);
                return;
            }
            old = closeTimer;
            closeTimer = t;
        }
        cancel(old);
        if (t == null) {
            end(); // no timer (the servlet is ending): do not wait
        }
    }

    private synchronized boolean isEnded() {
        return ended;
    }

    /** Ends the connection, once: closes the container's connection. */
    void end() {
        ScheduledFuture<?> t;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            t = closeTimer;
            closeTimer = null;
        }
        cancel(t);
        if (writer != null) {
            writer.fail(new IOException("connection closed"));
        }
        tellLink(failure);
        try {
            if (webConnection != null) {
                webConnection.close();
            }
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing a WebSocket connection: {0}", e.toString());
        }
        if (callbackThread != Thread.currentThread() && out != null) {
            // the container would close the socket at its next event for it: do it now
            TomcatSocket.close(out);
        }
    }

    private static void cancel(ScheduledFuture<?> t) {
        if (t != null) {
            t.cancel(false);
        }
    }

    /** The container ends the connection: the peer went away, or the server is stopping. */
    @Override
    public void destroy() {
        Thread previous = enter();
        try {
            end();
        } finally {
            exit(previous);
        }
    }
}
