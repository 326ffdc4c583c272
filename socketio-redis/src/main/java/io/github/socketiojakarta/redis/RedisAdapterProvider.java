package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.AdapterProvider;
import java.util.Locale;
import java.util.function.Function;

/**
 * The {@code redis} adapter for configuration without code: with this jar in the web
 * application, the context parameter {@code socketio.adapter=redis} makes every namespace use a
 * {@link RedisAdapterFactory}, configured by
 * <ul>
 *   <li>{@code socketio.redis.url}: {@code redis://host:port} (default
 *       {@code redis://127.0.0.1:6379});</li>
 *   <li>{@code socketio.redis.prefix}: the channel prefix, Node.js {@code key} (default
 *       {@code socket.io});</li>
 *   <li>{@code socketio.redis.requestsTimeout}: milliseconds (default 5000);</li>
 *   <li>{@code socketio.redis.publishOnSpecificResponseChannel}: {@code true} or
 *       {@code false} (default).</li>
 * </ul>
 * The factory it makes owns its connections; the bootstrap closes it after the server.
 * Registered in {@code META-INF/services}; stateless and thread-safe.
 */
public final class RedisAdapterProvider implements AdapterProvider {

    /** For {@link java.util.ServiceLoader}. */
    public RedisAdapterProvider() {}

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public AdapterFactory create(Function<String, String> settings) {
        return RedisAdapterFactory.connect(
                orDefault(settings.apply("redis.url"), "redis://127.0.0.1:6379"),
                options(settings));
    }

    /** The options the settings give, over the Node.js defaults. */
    static RedisAdapterOptions options(Function<String, String> settings) {
        RedisAdapterOptions o = RedisAdapterOptions.DEFAULTS;
        String prefix = settings.apply("redis.prefix");
        if (prefix != null) {
            o = o.withKey(prefix);
        }
        String timeout = settings.apply("redis.requestsTimeout");
        if (timeout != null) {
            try {
                o = o.withRequestsTimeout(Long.parseLong(timeout.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("socketio.redis.requestsTimeout must be a "
                        + "number of milliseconds: " + timeout, e);
            }
        }
        String specific = settings.apply("redis.publishOnSpecificResponseChannel");
        if (specific != null) {
            String v = specific.trim().toLowerCase(Locale.ROOT);
            if (!v.equals("true") && !v.equals("false")) {
                throw new IllegalArgumentException("socketio.redis."
                        + "publishOnSpecificResponseChannel must be true or false: " + specific);
            }
            o = o.withPublishOnSpecificResponseChannel(v.equals("true"));
        }
        return o;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
