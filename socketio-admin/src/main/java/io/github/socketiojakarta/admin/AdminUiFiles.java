package io.github.socketiojakarta.admin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Serves the official Admin UI's files ({@code @socket.io/admin-ui} 0.5.1, its {@code ui/dist}
 * directory, packaged into this jar at build time under {@code META-INF/socket.io-admin-ui/}),
 * so that an operator opens the UI on the server's own origin: no CORS settings, no hosted UI.
 * Map it to a path ending in {@code /*}, e.g. {@code /socket.io-admin/*};
 * {@link AdminUiFilesInitializer} does so from the {@code socketio.admin.uiPath} parameter.
 *
 * <p>The UI asks for the server's URL in its connection form. The page this servlet serves
 * loads one more small script first ({@code jakarta-socketio-defaults.js}) that fills that
 * field with the page's own origin when it is empty, and, unless the operator has saved others,
 * sets the UI's stored Socket.IO path (this context's path plus the server's path, e.g.
 * {@code /chat/socket.io}) and admin namespace: the operator types only the user name and the
 * password. The official files themselves are served unchanged. The page still loads its fonts
 * and icons from the Internet (Google Fonts, jsDelivr), as the official build does; without them
 * the UI works with plain fonts and without icons.
 */
public final class AdminUiFiles extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** The script added to the UI's page: the same-origin defaults. */
    static final String DEFAULTS = "jakarta-socketio-defaults.js";
    /** Where the UI's files are in the jar. */
    static final String ROOT = "META-INF/socket.io-admin-ui/";
    /** File names of the UI's build: no "..", no leading slash, no other characters. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*"
            + "(/[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    /** The Socket.IO path within the context, e.g. {@code /socket.io}. */
    private final String socketIoPath;
    private final String namespace;
    private final byte[] index;

    /**
     * A servlet for a server mounted at {@code socketIoPath} of this context whose admin
     * namespace is {@code namespace}.
     *
     * @param socketIoPath the server's path within the context ({@code /socket.io/})
     * @param namespace the admin namespace ({@code /admin})
     * @throws IllegalStateException when the UI's files are not in the jar (a build without npm)
     */
    public AdminUiFiles(String socketIoPath, String namespace) {
        String path = socketIoPath.startsWith("/") ? socketIoPath : "/" + socketIoPath;
        this.socketIoPath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.namespace = namespace.startsWith("/") ? namespace : "/" + namespace;
        byte[] page = read("index.html");
        if (page == null) {
            throw new IllegalStateException("the Admin UI's files are not in the socketio-admin"
                    + " jar (" + ROOT + "index.html)");
        }
        String html = new String(page, StandardCharsets.UTF_8);
        int head = html.indexOf("<head>");
        if (head < 0) {
            throw new IllegalStateException("the Admin UI's index.html has no <head>");
        }
        head += "<head>".length();
        this.index = (html.substring(0, head) + "<script src=\"" + DEFAULTS + "\"></script>"
                + html.substring(head)).getBytes(StandardCharsets.UTF_8);
    }

    /** The UI's file, or null. */
    private static byte[] read(String name) {
        ClassLoader loader = AdminUiFiles.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String info = req.getPathInfo();
        if (info == null || info.isEmpty()) {
            // the UI's URLs are relative: its page must be at the path with a slash
            String query = req.getQueryString();
            resp.sendRedirect(req.getRequestURI() + "/" + (query == null ? "" : "?" + query));
            return;
        }
        String name = info.substring(1);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        if (name.isEmpty() || name.equals("index.html")) {
            send(resp, "html", "no-cache", index);
        } else if (name.equals(DEFAULTS)) {
            String script = defaults(req.getContextPath() + socketIoPath, namespace);
            send(resp, "js", "no-cache", script.getBytes(StandardCharsets.UTF_8));
        } else {
            byte[] file = NAME.matcher(name).matches() ? read(name) : null;
            if (file == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            // the build names its css, js and img files by their content's hash
            boolean hashed = name.startsWith("css/") || name.startsWith("js/")
                    || name.startsWith("img/");
            send(resp, extension(name), hashed ? "public, max-age=31536000, immutable"
                    : "no-cache", file);
        }
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static void send(HttpServletResponse resp, String extension, String cache,
            byte[] body) throws IOException {
        resp.setContentType(TYPES.getOrDefault(extension, "application/octet-stream"));
        resp.setHeader("Cache-Control", cache);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    /**
     * The same-origin defaults (see the class comment), for a server at {@code path} (with the
     * context path) and this admin namespace.
     */
    static String defaults(String path, String namespace) {
        return "// Jakarta Socket.IO: this UI is served by the server it administers.\n"
                + "(function (path, namespace) {\n"
                + "  try {\n"
                + "    var store = window.localStorage;\n"
                + "    if (store.getItem(\"path\") === null) store.setItem(\"path\", path);\n"
                + "    if (store.getItem(\"namespace\") === null) store.setItem(\"namespace\","
                + " namespace);\n"
                + "  } catch (e) { /* no storage: the operator types them */ }\n"
                + "  function fill() {\n"
                + "    var field = document.querySelector(\"form input[required]\");\n"
                + "    if (field && !field.value && !field.hasAttribute(\"data-same-origin\")) {\n"
                + "      field.setAttribute(\"data-same-origin\", \"\");\n"
                + "      field.value = window.location.origin;\n"
                + "      field.dispatchEvent(new Event(\"input\", { bubbles: true }));\n"
                + "    }\n"
                + "  }\n"
                + "  new MutationObserver(fill).observe(document.documentElement,"
                + " { childList: true, subtree: true });\n"
                + "})(" + json(path) + ", " + json(namespace) + ");\n";
    }

    /** A JSON (and JavaScript) string literal. */
    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
