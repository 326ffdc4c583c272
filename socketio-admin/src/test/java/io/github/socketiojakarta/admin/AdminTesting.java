package io.github.socketiojakarta.admin;

import io.github.socketiojakarta.testing.NodeScript;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCrypt;

/** Shared by the admin tests: hashes, and the Node.js scenario script. */
final class AdminTesting {
    static final String USER = "admin";
    static final String PASSWORD = "changeit";
    /** The bcrypt hash of {@link #PASSWORD}, made once (cost 4 keeps the tests fast). */
    static final String HASH = hash("$2b", PASSWORD);

    private AdminTesting() {}

    /** A bcrypt hash with this prefix ({@code $2a}, {@code $2b} or {@code $2y}). */
    static String hash(String prefix, String password) {
        return BCrypt.hashpw(password, BCrypt.gensalt(prefix, 4, new java.security.SecureRandom()));
    }

    /** The UI's login payload. */
    static JsonObject login(String user, String password) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        if (user != null) {
            b.add("username", user);
        }
        if (password != null) {
            b.add("password", password);
        }
        return b.build();
    }

    /** Runs {@code admin-scenario.mjs} in a mode against a server. */
    static NodeScript.JsonResult scenario(String url, String mode, JsonObject auth,
            Map<String, Object> more) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("url", url).add("mode", mode)
                .add("timeoutMs", 15000);
        if (auth != null) {
            b.add("auth", auth);
        }
        more.forEach((k, v) -> b.add(k, Json.createValue(v.toString())));
        return NodeScript.run("admin-scenario.mjs", b.build(), Duration.ofSeconds(25))
                .assertOk();
    }
}
