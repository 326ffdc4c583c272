package io.github.socketiojakarta.admin;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Serves the Admin UI's files ({@link AdminUiFiles}) in every web application that contains
 * this module (registered in {@code META-INF/services}), from context parameters:
 *
 * <table>
 * <caption>parameters</caption>
 * <tr><td>socketio.admin.uiPath</td><td>where the UI is served ({@code /socket.io-admin/});
 *     {@code false} to serve it nowhere. Setting it serves the UI even when the application
 *     instruments its server with code ({@link AdminUi#instrument}) rather than
 *     parameters</td></tr>
 * </table>
 *
 * <p>Without {@code socketio.admin.uiPath}, the UI is served at {@code /socket.io-admin/} when
 * the parameters instrument the server (see {@link AdminExtension}: {@code socketio.admin}
 * {@code true}, or a {@code socketio.admin.*} setting), and not otherwise. The page connects to
 * the server's path ({@code socketio.path}) and admin namespace ({@code
 * socketio.admin.namespace}) of this context by default. Nothing is served when {@code
 * socketio.enabled} or {@code socketio.admin} is {@code false}.
 */
public final class AdminUiFilesInitializer implements ServletContainerInitializer {
    /** The default {@code socketio.admin.uiPath}. */
    public static final String DEFAULT_PATH = "/socket.io-admin/";

    /** Used by the container's {@link java.util.ServiceLoader}. */
    public AdminUiFilesInitializer() {}

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        Function<String, String> p = name -> {
            String v = context.getInitParameter("socketio." + name);
            return v == null || v.isBlank() ? null : v.strip();
        };
        String mapping = mapping(p);
        if (mapping == null) {
            return;
        }
        String socketIoPath = p.apply("path") == null ? "/socket.io/" : p.apply("path");
        String namespace = p.apply("admin.namespace") == null ? "/admin"
                : p.apply("admin.namespace");
        ServletRegistration.Dynamic ui = context.addServlet("socketio-admin-ui",
                new AdminUiFiles(socketIoPath, namespace));
        if (ui == null) {
            return; // the application registered a servlet of this name itself
        }
        ui.addMapping(mapping);
        ui.setAsyncSupported(true);
        context.log("Socket.IO Admin UI at " + context.getContextPath()
                + mapping.substring(0, mapping.length() - 1));
    }

    /**
     * The servlet mapping the parameters ask for (e.g. {@code /socket.io-admin/*}), or null to
     * serve nothing.
     *
     * @param p the {@code socketio.*} parameters by name without the prefix
     * @throws IllegalArgumentException for a path that is not one
     */
    static String mapping(Function<String, String> p) {
        if ("false".equalsIgnoreCase(p.apply("enabled"))
                || "false".equalsIgnoreCase(p.apply("admin"))) {
            return null;
        }
        String path = p.apply("admin.uiPath");
        if (path == null) {
            if (!instrumented(p)) {
                return null;
            }
            path = DEFAULT_PATH;
        }
        if (path.toLowerCase(Locale.ROOT).equals("false")) {
            return null;
        }
        if (!path.matches("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/?")) {
            throw new IllegalArgumentException("socketio.admin.uiPath must be a path like "
                    + DEFAULT_PATH + " (or false): " + path);
        }
        return (path.endsWith("/") ? path : path + "/") + "*";
    }

    /** Whether {@link AdminExtension} instruments the server from these parameters. */
    private static boolean instrumented(Function<String, String> p) {
        try {
            return AdminExtension.options(p) != null;
        } catch (IllegalArgumentException e) {
            return true; // malformed: the extension stops the start-up with the reason
        }
    }
}
