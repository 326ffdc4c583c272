package io.github.socketiojakarta.benchmarks.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ceiling: {@link BenchContract} on a bare JSR-356 endpoint at {@code /bare} of the same
 * {@link BenchTomcat}, with no Engine.IO or Socket.IO layer (no handshake, heartbeat, session,
 * packet types or queues). Started by {@code BareServer PORT}; runs until killed.
 *
 * <p>Framing, one text frame each: a request is {@code <ackId>[<event>,<arg>]}, its answer
 * {@code <ackId>[<value>]}; a broadcast message is {@code ["bench:msg",{...}]}. Every session's
 * basic remote allows batching: a broadcast writes message-major (message {@code i} to every
 * session, then {@code i+1}), Tomcat packs the frames into each session's output buffer and
 * writes when it is full, and one {@code flushBatch} per session ends the burst. The request's
 * thread does all the writing, blocking when a socket is full. The echo over long-polling has
 * its own ceiling at {@code /bare-poll} ({@link BarePolling}).
 */
public final class BareServer {
    private static final Set<Session> SESSIONS = ConcurrentHashMap.newKeySet();
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(-?\\d+(?:\\.\\d+)?)");
    private static final Pattern SIZE = Pattern.compile("\"size\"\\s*:\\s*(-?\\d+(?:\\.\\d+)?)");

    private BareServer() {}

    /** The endpoint of one connection. */
    public static final class BareEndpoint extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.setMaxIdleTimeout(0);
            try {
                session.getBasicRemote().setBatchingAllowed(true);
            } catch (IOException e) {
                return;
            }
            SESSIONS.add(session);
            session.addMessageHandler(String.class,
                    (MessageHandler.Whole<String>) text -> onText(session, text));
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            SESSIONS.remove(session);
        }

        @Override
        public void onError(Session session, Throwable error) {
            SESSIONS.remove(session);
        }
    }

    private static void onText(Session session, String text) {
        int bracket = text.indexOf('[');
        if (bracket <= 0) {
            return;
        }
        String ackId = text.substring(0, bracket);
        String echo = "[\"" + BenchContract.ECHO + "\",";
        if (text.startsWith(echo, bracket)) {
            send(session, ackId + "[" + text.substring(bracket + echo.length(), text.length() - 1) + "]");
            flush(session);
        } else if (text.startsWith("[\"" + BenchContract.BROADCAST + "\"", bracket)) {
            broadcast(session, ackId, text);
        }
    }

    private static void broadcast(Session requester, String ackId, String request) {
        int count = (int) Math.max(1, Math.min(BenchContract.MAX_COUNT, number(COUNT, request, 1)));
        int size = (int) Math.max(0, Math.min(BenchContract.MAX_SIZE, number(SIZE, request, 0)));
        String pad = BenchContract.pad(size);
        List<Session> targets = new ArrayList<>(SESSIONS);
        for (int i = 0; i < count; i++) {
            String frame = "[\"" + BenchContract.MESSAGE + "\",{\"t\":" + System.currentTimeMillis()
                    + ",\"i\":" + i + ",\"pad\":\"" + pad + "\"}]";
            for (Session s : targets) {
                send(s, frame);
            }
        }
        for (Session s : targets) {
            flush(s);
        }
        send(requester, ackId + "[{\"count\":" + count + ",\"size\":" + size + ",\"clients\":"
                + SESSIONS.size() + "}]");
        flush(requester);
    }

    private static double number(Pattern p, String text, double fallback) {
        Matcher m = p.matcher(text);
        return m.find() ? Math.floor(Double.parseDouble(m.group(1))) : fallback;
    }

    private static void send(Session session, String text) {
        RemoteEndpoint.Basic remote = session.getBasicRemote();
        synchronized (remote) {
            try {
                remote.sendText(text);
            } catch (IOException | RuntimeException e) {
                SESSIONS.remove(session);
            }
        }
    }

    private static void flush(Session session) {
        RemoteEndpoint.Basic remote = session.getBasicRemote();
        synchronized (remote) {
            try {
                remote.flushBatch();
            } catch (IOException | RuntimeException e) {
                SESSIONS.remove(session);
            }
        }
    }

    /** Starts the server on {@code 127.0.0.1:port} (0: a free port). */
    public static BenchTomcat start(int port) {
        return BenchTomcat.start(port, (classes, ctx) -> {
            ServerContainer container =
                    (ServerContainer) ctx.getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder
                        .create(BareEndpoint.class, "/bare").build());
            } catch (jakarta.websocket.DeploymentException e) {
                throw new IllegalStateException(e);
            }
            // Tomcat's upgrade filter only sees requests that map to a servlet
            ctx.addServlet("bare", new HttpServlet() {
                private static final long serialVersionUID = 1L;
            }).addMapping("/bare");
            ctx.addServlet("bare-poll", new BarePolling()).setAsyncSupported(true);
            ctx.getServletRegistration("bare-poll").addMapping("/bare-poll");
        });
    }

    /**
     * @param args the port (default 23002)
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 23002;
        BenchTomcat tomcat = start(port);
        System.out.println("bare JSR-356 bench server listening on ws://127.0.0.1:" + tomcat.port()
                + "/bare (and long-polling at /bare-poll) " + BenchTomcat.settings());
        tomcat.await();
    }
}
