package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.admin.SessionStore;
import io.github.socketiojakarta.admin.SessionStoreProvider;
import java.util.function.Function;

/**
 * The {@code redis} session store of the Admin UI for configuration without code: with this jar
 * and {@code socketio-admin} in the web application, the context parameter
 * {@code socketio.admin.store=redis} keeps the admin namespace's session ids in a
 * {@link RedisSessionStore} on the Redis the adapter uses: {@code socketio.redis.url}
 * ({@code redis://127.0.0.1:6379} by default). Registered in {@code META-INF/services} (read
 * only by {@code socketio-admin}, so this jar works without it); stateless and thread-safe.
 */
public final class RedisSessionStoreProvider implements SessionStoreProvider {

    /** For {@link java.util.ServiceLoader}. */
    public RedisSessionStoreProvider() {}

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public SessionStore create(Function<String, String> settings) {
        String url = settings.apply("redis.url");
        return RedisSessionStore.connect(url == null || url.isBlank() ? "redis://127.0.0.1:6379"
                : url.trim());
    }
}
