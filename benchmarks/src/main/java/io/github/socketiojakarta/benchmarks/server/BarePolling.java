package io.github.socketiojakarta.benchmarks.server;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The long-polling ceiling: the echo half of {@link BenchContract} over HTTP long-polling at
 * {@code /bare-poll} of the bare server's Tomcat, with the least work a servlet can do for it.
 * No Engine.IO session, handshake, heartbeat, packet types or non-blocking I/O: a client names
 * its channel ({@code ?c=<id>}, any string), a GET is held (async, no timeout) until an answer is
 * there, a POST is read with a blocking read, answered {@code ok}, and its answers are written
 * into the held GET by the POST's thread with a blocking write, or kept for the next GET.
 *
 * <p>Framing as {@link BareServer}'s: a request is {@code <ackId>["bench:echo",<arg>]}, its
 * answer {@code <ackId>[<arg>]}; several in one body are separated by {@code \x1e}.
 */
final class BarePolling extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final char SEPARATOR = 0x1e;
    private static final String ECHO = "[\"" + BenchContract.ECHO + "\",";

    /** One client's answers: the held GET, or what waits for the next one. */
    private static final class Channel {
        AsyncContext held;
        final StringBuilder queued = new StringBuilder();
    }

    private final transient Map<String, Channel> channels = new ConcurrentHashMap<>();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Channel ch = channel(req);
        String ready;
        synchronized (ch) {
            if (ch.queued.length() == 0) {
                AsyncContext async = req.startAsync();
                async.setTimeout(0);
                ch.held = async;
                return;
            }
            ready = ch.queued.toString();
            ch.queued.setLength(0);
        }
        write(resp, ready);
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Channel ch = channel(req);
        String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        StringBuilder answers = new StringBuilder();
        int from = 0;
        while (from <= body.length()) {
            int sep = body.indexOf(SEPARATOR, from);
            int to = sep < 0 ? body.length() : sep;
            int bracket = body.indexOf('[', from);
            if (bracket > from && bracket < to && body.startsWith(ECHO, bracket)) {
                if (answers.length() > 0) {
                    answers.append(SEPARATOR);
                }
                answers.append(body, from, bracket).append('[')
                        .append(body, bracket + ECHO.length(), to - 1).append(']');
            }
            from = to + 1;
        }
        write(resp, "ok");
        if (answers.length() == 0) {
            return;
        }
        AsyncContext get;
        synchronized (ch) {
            get = ch.held;
            ch.held = null;
            if (get == null) {
                if (ch.queued.length() > 0) {
                    ch.queued.append(SEPARATOR);
                }
                ch.queued.append(answers);
                return;
            }
        }
        write((HttpServletResponse) get.getResponse(), answers.toString());
        get.complete();
    }

    private Channel channel(HttpServletRequest req) {
        String q = req.getQueryString();
        int at = q == null ? -1 : q.indexOf("c=");
        String id = at < 0 ? "" : q.substring(at + 2);
        return channels.computeIfAbsent(id, k -> new Channel());
    }

    private static void write(HttpServletResponse resp, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.setContentLength(bytes.length);
        try (OutputStream out = resp.getOutputStream()) {
            out.write(bytes);
        }
    }
}
