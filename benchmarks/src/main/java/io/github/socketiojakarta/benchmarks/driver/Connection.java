package io.github.socketiojakarta.benchmarks.driver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One non-blocking TCP connection of the driver: connect, a write queue, and reads through the
 * loop's shared buffer with the unconsumed tail kept per connection. Subclasses parse the bytes.
 * Loop thread only.
 */
abstract class Connection {
    final Loop loop;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private SocketChannel channel;
    private SelectionKey key;
    private final ArrayDeque<ByteBuffer> out = new ArrayDeque<>(2);
    private byte[] pending;
    private int pendingLength;
    private boolean open;

    Connection(Loop loop, InetSocketAddress remote, InetSocketAddress local) {
        this.loop = loop;
        this.remote = remote;
        this.local = local;
    }

    /** Opens the TCP connection; {@link #onConnect} follows, or {@link #onClosed}. */
    final void open() {
        out.clear();
        pendingLength = 0;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (local != null) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                channel.bind(local);
            }
            open = true;
            if (channel.connect(remote)) {
                key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
                onConnect();
            } else {
                key = channel.register(loop.selector(), SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException e) {
            fail("connect: " + e);
        }
    }

    final boolean isOpen() {
        return open;
    }

    final void onSelected(SelectionKey k) {
        if (!open || !k.isValid()) {
            return;
        }
        int ops = k.readyOps();
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            try {
                channel.finishConnect();
            } catch (IOException e) {
                fail("connect: " + e);
                return;
            }
            key.interestOps(out.isEmpty() ? SelectionKey.OP_READ
                    : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            onConnect();
            return;
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            flush();
        }
        if (open && (ops & SelectionKey.OP_READ) != 0) {
            read();
        }
    }

    private void read() {
        ByteBuffer rb = loop.readBuffer();
        rb.clear();
        if (pendingLength > 0) {
            rb.put(pending, 0, pendingLength);
            pendingLength = 0;
        }
        int n;
        try {
            n = channel.read(rb);
        } catch (IOException e) {
            fail("read: " + e);
            return;
        }
        if (n < 0) {
            fail("end of stream");
            return;
        }
        int length = rb.position();
        int used = consume(rb.array(), 0, length);
        if (!open) {
            return;
        }
        int left = length - used;
        if (left == rb.capacity()) {
            fail("message larger than the driver's read buffer");
            return;
        }
        if (left > 0) {
            if (pending == null || pending.length < left) {
                pending = new byte[Math.max(left, 512)];
            }
            System.arraycopy(rb.array(), used, pending, 0, left);
            pendingLength = left;
        } else if (pending != null && pending.length > 65536) {
            pending = null;
        }
    }

    /** Queues bytes for writing; writes at once when nothing is queued. */
    final void send(byte[] data) {
        if (!open) {
            return;
        }
        ByteBuffer b = ByteBuffer.wrap(data);
        if (key.interestOps() == SelectionKey.OP_CONNECT) {
            out.add(b);
            return;
        }
        if (out.isEmpty()) {
            try {
                channel.write(b);
            } catch (IOException e) {
                fail("write: " + e);
                return;
            }
            if (b.hasRemaining()) {
                out.add(b);
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        } else {
            out.add(b);
        }
    }

    private void flush() {
        try {
            while (!out.isEmpty()) {
                ByteBuffer b = out.peek();
                channel.write(b);
                if (b.hasRemaining()) {
                    return;
                }
                out.poll();
            }
            key.interestOps(SelectionKey.OP_READ);
        } catch (IOException e) {
            fail("write: " + e);
        }
    }

    /** Closes the socket without telling the subclass. */
    final void closeQuietly() {
        if (!open) {
            return;
        }
        open = false;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
        pending = null;
        pendingLength = 0;
        out.clear();
    }

    /** Closes the socket and reports {@link #onClosed}. */
    final void fail(String why) {
        if (!open) {
            return;
        }
        closeQuietly();
        onClosed(why);
    }

    /** The TCP connection is up. */
    abstract void onConnect();

    /**
     * Parses received bytes.
     *
     * @return how many bytes were used; the rest is given again, with more, on the next read
     */
    abstract int consume(byte[] b, int off, int len);

    /** The connection closed or failed (not called after {@link #closeQuietly}). */
    abstract void onClosed(String why);
}
