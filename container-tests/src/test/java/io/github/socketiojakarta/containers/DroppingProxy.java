package io.github.socketiojakarta.containers;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of a container that can drop one chat user's connections, the way a
 * network failure would: the browser test asks for {@code drop alice}, and only alice's page
 * loses its connection. It watches the traffic from the browser (HTTP/1.1 requests, then
 * WebSocket frames after an upgrade) for the Socket.IO CONNECT packets, which carry the chat's
 * nickname in their auth, and for the Engine.IO session ids in the request URLs, so that it knows
 * which TCP connections carry which user's session. Bytes pass unchanged both ways.
 *
 * <p>Thread-safe: each connection has two pump threads; {@link #drop} may run on any thread.
 */
final class DroppingProxy implements AutoCloseable {
    private static final Pattern NICKNAME = Pattern.compile("\"nickname\"\\s*:\\s*\"([^\"\\\\]*)\"");
    private static final Pattern SID = Pattern.compile("[?&]sid=([^&\\s]+)");

    private final ServerSocket listener;
    private final int upstreamPort;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Map<String, String> nicknameBySid = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dropping-proxy");
        t.setDaemon(true);
        return t;
    });

    private DroppingProxy(ServerSocket listener, int upstreamPort) {
        this.listener = listener;
        this.upstreamPort = upstreamPort;
    }

    /** Listens on a free loopback port and forwards to {@code upstreamPort} on loopback. */
    static DroppingProxy start(int upstreamPort) throws IOException {
        ServerSocket listener = new ServerSocket(FreePorts.one(), 50,
                InetAddress.getLoopbackAddress());
        DroppingProxy proxy = new DroppingProxy(listener, upstreamPort);
        proxy.threads.execute(proxy::accept);
        return proxy;
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /**
     * Closes every connection that carries a session of the user with this nickname.
     *
     * @return how many sessions (Engine.IO connections) lost their transport
     */
    int drop(String nickname) {
        Set<String> sessions = new HashSet<>();
        for (Link link : links) {
            String sid = link.sid;
            boolean hers = link.nicknames.contains(nickname)
                    || sid != null && nickname.equals(nicknameBySid.get(sid));
            if (hers) {
                sessions.add(sid != null ? sid : "connection-" + link.id);
                link.close();
            }
        }
        return sessions.size();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::close);
        threads.shutdownNow();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                Link link = new Link(ids.incrementAndGet(), client, upstream);
                links.add(link);
                threads.execute(() -> link.fromBrowser());
                threads.execute(() -> link.toBrowser());
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    /** One browser connection and its connection to the container. */
    private final class Link {
        final int id;
        final Socket client;
        final Socket upstream;
        /** The Engine.IO session of the request last seen on this connection. */
        volatile String sid;
        /** The nicknames of the CONNECT packets sent in WebSocket frames on this connection. */
        final Set<String> nicknames = ConcurrentHashMap.newKeySet();

        Link(int id, Socket client, Socket upstream) {
            this.id = id;
            this.client = client;
            this.upstream = upstream;
        }

        void toBrowser() {
            try (InputStream in = upstream.getInputStream()) {
                in.transferTo(client.getOutputStream());
            } catch (IOException ignored) {
                // either side closed
            } finally {
                close();
            }
        }

        void fromBrowser() {
            try (InputStream in = new BufferedInputStream(client.getInputStream())) {
                OutputStream out = upstream.getOutputStream();
                while (true) {
                    byte[] head = readHead(in);
                    if (head == null) {
                        return;
                    }
                    out.write(head);
                    out.flush();
                    String text = new String(head, StandardCharsets.ISO_8859_1);
                    String target = text.split(" ", 3).length > 1 ? text.split(" ", 3)[1] : "";
                    Matcher m = SID.matcher(target);
                    String requestSid = m.find() ? m.group(1) : null;
                    if (requestSid != null) {
                        sid = requestSid;
                    }
                    String headers = text.toLowerCase(Locale.ROOT);
                    if (headers.contains("\nupgrade: websocket")) {
                        frames(in, out);
                        return;
                    }
                    if (headers.contains("\ntransfer-encoding:")) {
                        in.transferTo(out); // not parsed any further
                        return;
                    }
                    int length = contentLength(headers);
                    byte[] body = in.readNBytes(length);
                    out.write(body);
                    out.flush();
                    if (requestSid != null) {
                        for (String packet : new String(body, StandardCharsets.UTF_8)
                                .split("\u001e")) {
                            String nickname = connectNickname(packet);
                            if (nickname != null) {
                                nicknameBySid.put(requestSid, nickname);
                            }
                        }
                    }
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                close();
            }
        }

        /** Forwards WebSocket frames, noting the nicknames of CONNECT packets in text frames. */
        private void frames(InputStream in, OutputStream out) throws IOException {
            while (true) {
                int b0 = in.read();
                int b1 = in.read();
                if (b0 < 0 || b1 < 0) {
                    return;
                }
                ByteArrayOutputStream frame = new ByteArrayOutputStream();
                frame.write(b0);
                frame.write(b1);
                long length = b1 & 0x7f;
                if (length >= 126) {
                    byte[] ext = in.readNBytes(length == 126 ? 2 : 8);
                    frame.write(ext);
                    length = 0;
                    for (byte b : ext) {
                        length = (length << 8) | (b & 0xff);
                    }
                }
                byte[] mask = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
                if (mask != null) {
                    frame.write(mask);
                }
                byte[] payload = in.readNBytes((int) length);
                frame.write(payload);
                out.write(frame.toByteArray());
                out.flush();
                if ((b0 & 0x0f) == 1) {
                    if (mask != null) {
                        for (int i = 0; i < payload.length; i++) {
                            payload[i] ^= mask[i % 4];
                        }
                    }
                    String nickname = connectNickname(new String(payload, StandardCharsets.UTF_8));
                    if (nickname != null) {
                        nicknames.add(nickname);
                        if (sid != null) {
                            nicknameBySid.put(sid, nickname);
                        }
                    }
                }
            }
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** The nickname in the auth of a Socket.IO CONNECT packet in an Engine.IO message. */
    private static String connectNickname(String packet) {
        if (!packet.startsWith("40")) {
            return null;
        }
        Matcher m = NICKNAME.matcher(packet);
        return m.find() ? m.group(1) : null;
    }

    private static int contentLength(String lowerCaseHeaders) {
        for (String line : lowerCaseHeaders.split("\r\n")) {
            if (line.startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        return 0;
    }

    /** The request line and headers up to the blank line, or null at the end of the stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2))
                    || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
            if (matched == 4) {
                return head.toByteArray();
            }
        }
        return null;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
