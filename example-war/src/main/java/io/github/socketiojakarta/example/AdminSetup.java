package io.github.socketiojakarta.example;

import io.github.socketiojakarta.admin.AdminOptions;
import io.github.socketiojakarta.admin.AdminUi;
import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import java.util.function.Function;

/**
 * The official Socket.IO Admin UI for the chat (module {@code socketio-admin}), user
 * {@value #USER}, with the bcrypt hash of the password from the deployment's configuration,
 * never from the WAR: the context parameter {@code socketio.admin.passwordHash} (with
 * {@code socketio.admin.username}; then the module instruments the server itself), else the
 * system property {@value #PROPERTY}, else the environment variable {@value #ENV}. With none of
 * them the chat has no admin namespace. The UI's page is at {@code /socket.io-admin/}
 * ({@code socketio.admin.uiPath} in {@code web.xml}).
 */
@ApplicationScoped
public class AdminSetup {
    /** The Admin UI's user name. */
    public static final String USER = "admin";
    /** The system property with the bcrypt hash of the Admin UI's password. */
    public static final String PROPERTY = "chat.admin.passwordHash";
    /** The environment variable with the bcrypt hash of the Admin UI's password. */
    public static final String ENV = "CHAT_ADMIN_PASSWORD_HASH";

    @Inject
    SocketIoServer io;

    /** Instruments the chat's server once the application is up (after the CDI bridge). */
    void started(@Observes @Initialized(ApplicationScoped.class) Object payload) {
        if (payload instanceof ServletContext context) {
            configure(context::getInitParameter, System::getProperty, System::getenv);
        }
    }

    /**
     * Instruments the server from the first source that has a hash, and says what it did.
     *
     * @return where the hash came from ({@code context}, {@code property}, {@code environment})
     *     or {@code off}
     */
    String configure(Function<String, String> contextParameters,
            Function<String, String> properties, Function<String, String> environment) {
        String where;
        if (contextParameters.apply("socketio.admin.passwordHash") != null) {
            where = "context"; // the module's AdminExtension has instrumented the server
        } else {
            String hash = properties.apply(PROPERTY);
            where = "property";
            if (hash == null || hash.isBlank()) {
                hash = environment.apply(ENV);
                where = "environment";
            }
            if (hash == null || hash.isBlank()) {
                System.getLogger(AdminSetup.class.getName()).log(System.Logger.Level.INFO,
                        "Admin UI off: set the bcrypt hash of its password in " + ENV
                        + " (or -D" + PROPERTY + ")");
                return "off";
            }
            AdminUi.instrument(io, AdminOptions.builder().basicAuth(USER, hash.strip()).build());
        }
        return where;
    }
}
