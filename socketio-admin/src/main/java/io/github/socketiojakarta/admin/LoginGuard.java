package io.github.socketiojakarta.admin;

import io.github.socketiojakarta.server.Middleware;
import io.github.socketiojakarta.server.Socket;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.LongSupplier;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The admin namespace's connection middleware: refuses everybody while authentication is not
 * chosen, lets everybody in without it, and with basic auth accepts a known session id or the
 * user name and password (checked against the bcrypt hash), giving a new session id. Failed
 * logins are counted per client address; past the limit, the address's logins are refused
 * until its window passes. Thread-safe.
 */
final class LoginGuard implements Middleware {
    static final String INVALID = "invalid credentials";
    static final String UNCONFIGURED = "the admin namespace has no authentication configured";
    private static final System.Logger LOG = System.getLogger(LoginGuard.class.getName());
    private static final int MAX_ADDRESSES = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminOptions options;
    private final LongSupplier clock;
    // address -> {window start, failures}; insertion order, so the oldest windows come first
    private final LinkedHashMap<String, long[]> failures = new LinkedHashMap<>();
    // the session id to send each socket once connected (weak: a socket refused later is freed)
    private final Map<Socket, String> toSend = Collections.synchronizedMap(new WeakHashMap<>());

    LoginGuard(AdminOptions options, LongSupplier clock) {
        this.options = options;
        this.clock = clock;
    }

    @Override
    public void handle(Socket socket, Next next) {
        switch (options.auth()) {
            case UNSET -> {
                LOG.log(Level.WARNING, "refused a connection to {0}: choose basic auth or none",
                        options.namespace());
                next.reject(UNCONFIGURED);
            }
            case NONE -> next.proceed();
            case BASIC -> basic(socket, next);
        }
    }

    /** The session id given to this socket at its login, to send once it is connected. */
    String takeSessionId(Socket socket) {
        return toSend.remove(socket);
    }

    private void basic(Socket socket, Next next) {
        Object sessionId = socket.handshake().auth().get("sessionId");
        if (sessionId instanceof String id && !id.isEmpty()) {
            options.store().exists(id).whenComplete((known, error) -> {
                if (error == null && Boolean.TRUE.equals(known)) {
                    next.proceed();
                } else {
                    socket.namespace().server().callbackExecutor().execute(() -> password(socket, next));
                }
            });
        } else {
            password(socket, next);
        }
    }

    private void password(Socket socket, Next next) {
        String address = socket.handshake().address();
        if (blocked(address)) {
            LOG.log(Level.WARNING, "refused a login from {0}: too many failed logins", address);
            next.reject(INVALID);
            return;
        }
        Map<String, Object> auth = socket.handshake().auth();
        Object user = auth.get("username");
        Object password = auth.get("password");
        // the hash is checked whatever the user name, so that timing tells nothing of it
        boolean passwordOk = password instanceof String p && matches(p);
        if (passwordOk && options.username().equals(user)) {
            succeeded(address);
            String id = HexFormat.of().formatHex(randomBytes(8));
            toSend.put(socket, id);
            options.store().save(id).whenComplete((ok, error) -> {
                if (error == null) {
                    next.proceed();
                } else {
                    toSend.remove(socket);
                    LOG.log(Level.WARNING, "the admin session store failed", error);
                    next.reject(INVALID);
                }
            });
        } else {
            failed(address);
            next.reject(INVALID);
        }
    }

    private boolean matches(String password) {
        try {
            return BCrypt.checkpw(password, options.passwordHash());
        } catch (IllegalArgumentException e) {
            return false; // e.g. a password over bcrypt's 72 bytes
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private synchronized boolean blocked(String address) {
        long[] w = failures.get(address);
        return w != null && clock.getAsLong() - w[0] < options.loginWindow().toMillis()
                && w[1] >= options.maxFailedLogins();
    }

    private synchronized void failed(String address) {
        long now = clock.getAsLong();
        long[] w = failures.get(address);
        if (w == null || now - w[0] >= options.loginWindow().toMillis()) {
            failures.remove(address);
            failures.put(address, new long[] {now, 1});
        } else {
            w[1]++;
        }
        forgetOld(now);
    }

    private synchronized void succeeded(String address) {
        failures.remove(address);
    }

    /** Drops windows that ended, and the oldest beyond the cap on addresses. */
    private void forgetOld(long now) {
        Iterator<long[]> it = failures.values().iterator();
        while (it.hasNext()) {
            long[] w = it.next();
            if (now - w[0] < options.loginWindow().toMillis() && failures.size() <= MAX_ADDRESSES) {
                return;
            }
            it.remove();
        }
    }
}
