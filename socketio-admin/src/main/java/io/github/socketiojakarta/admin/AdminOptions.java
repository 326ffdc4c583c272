package io.github.socketiojakarta.admin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The options of {@link AdminUi#instrument}, as those of the reference's {@code instrument()}.
 * Build them with {@link #builder()}: authentication must be chosen, basic or none; until it is,
 * the admin namespace refuses every connection.
 *
 * @param namespace the admin namespace ({@code /admin})
 * @param auth how UI users log in; {@link Auth#UNSET} refuses every connection
 * @param username the basic-auth user name (null without basic auth)
 * @param passwordHash the bcrypt hash of the basic-auth password ({@code $2a$}, {@code $2b$} or
 *     {@code $2y$}; null without basic auth)
 * @param readonly whether the UI's commands (emit, join, leave, disconnect) are refused
 * @param serverId the id this node reports in {@code server_stats} (the host name by default);
 *     distinct per node of a cluster
 * @param mode development (every event) or production (aggregated statistics only)
 * @param store where session ids live (in memory by default; share one across a cluster)
 * @param statsInterval how often {@code server_stats} is sent (2 s)
 * @param maxFailedLogins how many failed logins an address may make per {@code loginWindow}
 *     before its logins are refused until the window passes (5)
 * @param loginWindow the window of {@code maxFailedLogins} (1 minute)
 */
public record AdminOptions(
        String namespace,
        Auth auth,
        String username,
        String passwordHash,
        boolean readonly,
        String serverId,
        Mode mode,
        SessionStore store,
        Duration statsInterval,
        int maxFailedLogins,
        Duration loginWindow) {

    private static final Pattern BCRYPT =
            Pattern.compile("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}");

    /** How UI users log in. */
    public enum Auth {
        /** Not chosen yet: every connection is refused. */
        UNSET,
        /** No authentication (explicitly): anybody who reaches the namespace may use it. */
        NONE,
        /** A user name and a bcrypt-hashed password, then a session id. */
        BASIC
    }

    /** What the admin namespace sends. */
    public enum Mode {
        /** Every event: sockets, rooms, events sent and received, and statistics. */
        DEVELOPMENT,
        /** Only the configuration and the aggregated statistics ({@code server_stats}). */
        PRODUCTION
    }

    /** Checks the options. */
    public AdminOptions {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(statsInterval, "statsInterval");
        Objects.requireNonNull(loginWindow, "loginWindow");
        if (!namespace.startsWith("/")) {
            namespace = "/" + namespace;
        }
        if (auth == Auth.BASIC) {
            if (username == null || username.isEmpty()) {
                throw new IllegalArgumentException("basic auth needs a username");
            }
            if (passwordHash == null || !BCRYPT.matcher(passwordHash).matches()) {
                throw new IllegalArgumentException(
                        "the password hash must be a bcrypt hash ($2a$, $2b$ or $2y$)");
            }
        } else {
            username = null;
            passwordHash = null;
        }
        if (statsInterval.toMillis() < 1 || loginWindow.toMillis() < 1 || maxFailedLogins < 1) {
            throw new IllegalArgumentException(
                    "statsInterval, loginWindow and maxFailedLogins must be positive");
        }
    }

    /** A builder with the reference's defaults and no authentication chosen. */
    public static Builder builder() {
        return new Builder();
    }

    /** These options with another session store. */
    AdminOptions withStore(SessionStore value) {
        return new AdminOptions(namespace, auth, username, passwordHash, readonly, serverId, mode,
                value, statsInterval, maxFailedLogins, loginWindow);
    }

    /** Whether the given text is a bcrypt hash this module accepts. */
    public static boolean isBcryptHash(String text) {
        return text != null && BCRYPT.matcher(text).matches();
    }

    @Override
    public String toString() {
        // never the hash
        return "AdminOptions[namespace=" + namespace + ", auth=" + auth + ", username=" + username
                + ", readonly=" + readonly + ", serverId=" + serverId + ", mode=" + mode + "]";
    }

    /** Builds {@link AdminOptions}. Not thread-safe. */
    public static final class Builder {
        private String namespace = "/admin";
        private Auth auth = Auth.UNSET;
        private String username;
        private String passwordHash;
        private boolean readonly;
        private String serverId;
        private Mode mode = Mode.DEVELOPMENT;
        private SessionStore store;
        private Duration statsInterval = Duration.ofSeconds(2);
        private int maxFailedLogins = 5;
        private Duration loginWindow = Duration.ofMinutes(1);

        private Builder() {}

        /** The admin namespace ({@code /admin}). */
        public Builder namespace(String value) {
            namespace = value;
            return this;
        }

        /** Basic authentication: this user name, and the bcrypt hash of the password. */
        public Builder basicAuth(String user, String bcryptHash) {
            auth = Auth.BASIC;
            username = user;
            passwordHash = bcryptHash;
            return this;
        }

        /** No authentication, explicitly: anybody who reaches the namespace may use it. */
        public Builder noAuth() {
            auth = Auth.NONE;
            username = null;
            passwordHash = null;
            return this;
        }

        /** Whether the UI's commands are refused (false). */
        public Builder readonly(boolean value) {
            readonly = value;
            return this;
        }

        /** The id this node reports (the host name by default). */
        public Builder serverId(String value) {
            serverId = value;
            return this;
        }

        /** Development (the default) or production. */
        public Builder mode(Mode value) {
            mode = value;
            return this;
        }

        /** Where session ids live (a new {@link InMemorySessionStore} by default). */
        public Builder store(SessionStore value) {
            store = value;
            return this;
        }

        /** How often {@code server_stats} is sent (2 s). */
        public Builder statsInterval(Duration value) {
            statsInterval = value;
            return this;
        }

        /** Failed logins allowed per address and window before the address is refused. */
        public Builder failedLoginLimit(int maxFailures, Duration window) {
            maxFailedLogins = maxFailures;
            loginWindow = window;
            return this;
        }

        /** The options; throws {@link IllegalArgumentException} when they are inconsistent. */
        public AdminOptions build() {
            return new AdminOptions(namespace, auth, username, passwordHash, readonly,
                    serverId == null ? hostname() : serverId, mode,
                    store == null ? new InMemorySessionStore() : store, statsInterval,
                    maxFailedLogins, loginWindow);
        }
    }

    /** This machine's host name, or {@code localhost} when it cannot be found. */
    static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
