package io.github.socketiojakarta.container.upgrade;

import io.github.socketiojakarta.engine.binding.WebSocketChannel;
import io.github.socketiojakarta.engine.codec.EngineCodec;
import io.github.socketiojakarta.engine.codec.EnginePacket;
import io.github.socketiojakarta.engine.codec.websocket.Frames;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The writing side of an upgraded WebSocket connection, as the engine's
 * {@link WebSocketChannel}: a batch is encoded into one buffer (text messages from their cached
 * UTF-8 wire form, so a broadcast is encoded once for all its connections; a payload of
 * {@link #SHARED_PAYLOAD} bytes or more is written from its own array rather than copied), then
 * written with non-blocking servlet I/O: only while the stream {@code isReady()}, in slices of
 * {@link #SLICE} bytes, flushed, and continued from {@link #onWritePossible}. The batch's
 * completion runs once it is flushed, never on the caller's thread while it waits. Pongs and the
 * close frame queue behind the batch in progress; at most one pong waits (a newer ping replaces
 * its payload).
 *
 * <p>Threading: {@link #send}, {@link #close}, {@link #abort} from any thread, the listener
 * methods on container threads; the queue is guarded by this object's lock, and completions run
 * after it is released.
 */
final class FrameWriter implements WebSocketChannel, WriteListener {
    /** The most handed to the stream at a time: the container copies what it cannot send. */
    static final int SLICE = 16 * 1024;
    /** Payloads this long are not copied into the batch's buffer. */
    static final int SHARED_PAYLOAD = 16 * 1024;

    private final UpgradeHandler connection;
    private ServletOutputStream out;
    /** The chunks to write, in order: head is being written. */
    private Chunk head;
    private Chunk tail;
    /** Position in the head chunk: part and offset within it. */
    private int part;
    private int offset;
    /** The pong waiting in the queue (not started), whose payload a newer ping replaces. */
    private Chunk pong;
    private boolean closeQueued;
    /** Failed or aborted: nothing more is written. */
    private boolean dead;

    /** What the queue holds: frames as byte arrays, and what to do once they are flushed. */
    private static final class Chunk {
        byte[][] parts;
        final Completion completion;
        final boolean close;
        boolean flushed;
        boolean started;
        Chunk next;

        Chunk(byte[][] parts, Completion completion, boolean close) {
            this.parts = parts;
            this.completion = completion;
            this.close = close;
        }
    }

    FrameWriter(UpgradeHandler connection) {
        this.connection = connection;
    }

    /** Starts writing: the container calls {@link #onWritePossible} when the stream is ready. */
    void start(ServletOutputStream stream) {
        synchronized (this) {
            out = stream;
        }
        stream.setWriteListener(this);
    }

    @Override
    public void send(List<EnginePacket> batch, Completion completion) {
        enqueue(new Chunk(encode(batch), completion, false));
    }

    /** Queues a pong with {@code payload}, or replaces the payload of the one waiting. */
    void pong(byte[] payload) {
        synchronized (this) {
            if (closeQueued || dead) {
                return;
            }
            if (pong != null && !pong.started) {
                pong.parts = new byte[][] {Frames.frame(Frames.PONG, payload)};
                return;
            }
        }
        Chunk c = new Chunk(new byte[][] {Frames.frame(Frames.PONG, payload)}, null, false);
        synchronized (this) {
            pong = c;
        }
        enqueue(c);
    }

    /**
     * Queues the close frame behind what is being written; once it is flushed, the connection
     * waits for the peer's close ({@link UpgradeHandler#closeFrameSent}). Idempotent.
     */
    @Override
    public void close(int code, String reason) {
        synchronized (this) {
            if (closeQueued || dead) {
                return;
            }
            closeQueued = true;
        }
        connection.closing();
        enqueue(new Chunk(new byte[][] {Frames.close(code, reason)}, null, true));
    }

    /** Drops the connection at once, without waiting for a write the peer does not take. */
    @Override
    public void abort(int code, String reason) {
        fail(new IOException("aborted: close " + code));
        connection.end();
    }

    /**
     * Always: the servlet upgrade serves on Tomcat only ({@code WebSocketImpl}), whose
     * {@code ReadListener} runs on worker threads that may block.
     */
    @Override
    public boolean readsOnWorkerThread() {
        return true;
    }

    private void enqueue(Chunk c) {
        boolean refused;
        synchronized (this) {
            // after the close frame, only the close frame itself
            refused = dead || (closeQueued && !c.close && c.completion != null);
            if (!refused) {
                if (tail == null) {
                    head = c;
                    part = 0;
                    offset = 0;
                } else {
                    tail.next = c;
                }
                tail = c;
            }
        }
        if (refused) {
            if (c.completion != null) {
                c.completion.done(new IOException("connection closed"));
            }
            return;
        }
        pump();
    }

    @Override
    public void onWritePossible() {
        Thread previous = connection.enter();
        try {
            pump();
        } finally {
            connection.exit(previous);
        }
    }

    @Override
    public void onError(Throwable error) {
        Thread previous = connection.enter();
        try {
            fail(error);
            connection.failed(error);
        } finally {
            connection.exit(previous);
        }
    }

    /** Writes while the stream is ready; runs the completions of what got flushed. */
    private void pump() {
        List<Chunk> done = null;
        Throwable failure = null;
        synchronized (this) {
            try {
                while (head != null && out != null && !dead && out.isReady()) {
                    Chunk c = head;
                    c.started = true;
                    if (part < c.parts.length) {
                        byte[] bytes = c.parts[part];
                        int n = Math.min(SLICE, bytes.length - offset);
                        out.write(bytes, offset, n);
                        offset += n;
                        if (offset == bytes.length) {
                            part++;
                            offset = 0;
                        }
                    } else if (!c.flushed) {
                        c.flushed = true;
                        out.flush();
                    } else {
                        head = c.next;
                        if (head == null) {
                            tail = null;
                        }
                        part = 0;
                        offset = 0;
                        if (c == pong) {
                            pong = null;
                        }
                        if (done == null) {
                            done = new ArrayList<>(2);
                        }
                        done.add(c);
                    }
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
        }
        if (done != null) {
            for (Chunk c : done) {
                if (c.completion != null) {
                    c.completion.done(null);
                }
                if (c.close) {
                    connection.closeFrameSent();
                }
            }
        }
        if (failure != null) {
            fail(failure);
            connection.failed(failure);
        }
    }

    /** Nothing more is written; every waiting batch completes with {@code error}. */
    void fail(Throwable error) {
        Chunk c;
        synchronized (this) {
            if (dead) {
                return;
            }
            dead = true;
            c = head;
            head = null;
            tail = null;
            pong = null;
        }
        for (; c != null; c = c.next) {
            if (c.completion != null) {
                c.completion.done(error);
            }
        }
    }

    /**
     * The frames of a batch: one array with every frame, except that a payload of
     * {@link #SHARED_PAYLOAD} bytes or more stays in its own array (the frames around it are
     * arrays of their own).
     */
    static byte[][] encode(List<EnginePacket> batch) {
        int n = batch.size();
        byte[][] payloads = new byte[n][];
        int[] opcodes = new int[n];
        long total = 0;
        boolean shared = false;
        for (int i = 0; i < n; i++) {
            EnginePacket p = batch.get(i);
            if (p instanceof EnginePacket.BinaryMessage b) {
                payloads[i] = b.data();
                opcodes[i] = Frames.BINARY;
            } else if (p instanceof EnginePacket.TextMessage m) {
                payloads[i] = m.wireUtf8();
                opcodes[i] = Frames.TEXT;
            } else {
                payloads[i] = EngineCodec.encodeText(p).getBytes(StandardCharsets.UTF_8);
                opcodes[i] = Frames.TEXT;
            }
            total += Frames.frameLength(payloads[i].length);
            shared |= payloads[i].length >= SHARED_PAYLOAD;
        }
        if (!shared) {
            byte[] all = new byte[Math.toIntExact(total)];
            int pos = 0;
            for (int i = 0; i < n; i++) {
                pos = Frames.writeFrame(all, pos, opcodes[i], payloads[i]);
            }
            return new byte[][] {all};
        }
        List<byte[]> parts = new ArrayList<>();
        int i = 0;
        while (i < n) {
            if (payloads[i].length >= SHARED_PAYLOAD) {
                byte[] header = new byte[Frames.headerLength(payloads[i].length)];
                Frames.writeHeader(header, 0, opcodes[i], payloads[i].length);
                parts.add(header);
                parts.add(payloads[i]);
                i++;
                continue;
            }
            int j = i;
            long size = 0;
            while (j < n && payloads[j].length < SHARED_PAYLOAD) {
                size += Frames.frameLength(payloads[j].length);
                j++;
            }
            byte[] run = new byte[Math.toIntExact(size)];
            int pos = 0;
            for (int k = i; k < j; k++) {
                pos = Frames.writeFrame(run, pos, opcodes[k], payloads[k]);
            }
            parts.add(run);
            i = j;
        }
        return parts.toArray(new byte[0][]);
    }
}
