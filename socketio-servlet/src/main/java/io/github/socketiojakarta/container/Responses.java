package io.github.socketiojakarta.container;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Small, fixed HTTP answers (tiny bodies, written directly). Stateless. */
final class Responses {
    private static final byte[] OK = "ok".getBytes(StandardCharsets.US_ASCII);

    private Responses() {}

    static void ok(HttpServletResponse resp) {
        body(resp, 200, "text/html", OK);
    }

    static void error(HttpServletResponse resp, int status, String json) {
        body(resp, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static void text(HttpServletResponse resp, int status, String text) {
        body(resp, status, "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static void status(HttpServletResponse resp, int status) {
        try {
            resp.setStatus(status);
            resp.setContentLength(0);
        } catch (RuntimeException ignored) {
            // response already committed
        }
    }

    private static void body(HttpServletResponse resp, int status, String type, byte[] body) {
        try {
            resp.setStatus(status);
            resp.setContentType(type);
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        } catch (IOException | RuntimeException ignored) {
            // the client is gone; nothing to tell it
        }
    }
}
