package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.AdapterProvider;
import java.util.function.Function;

/**
 * The {@code redis-streams} adapter for configuration without code: with this jar in the web
 * application, the context parameter {@code socketio.adapter=redis-streams} makes every
 * namespace use a {@link StreamsRedisAdapterFactory} (with connection state recovery, turned on
 * by {@code socketio.connectionStateRecovery...}, sessions are restored across the cluster),
 * configured by
 * <ul>
 *   <li>{@code socketio.redis.url}: {@code redis://host:port} (default
 *       {@code redis://127.0.0.1:6379});</li>
 *   <li>{@code socketio.redis.prefix}: the pub/sub channel prefix, Node.js
 *       {@code channelPrefix} (default {@code socket.io});</li>
 *   <li>{@code socketio.redis.streamName} (default {@code socket.io}),
 *       {@code socketio.redis.streamCount} (default 1), {@code socketio.redis.maxLen} (default
 *       10000) and {@code socketio.redis.sessionKeyPrefix} (default {@code sio:session:}).</li>
 * </ul>
 * The factory it makes owns its connections; the bootstrap closes it after the server.
 * Registered in {@code META-INF/services}; stateless and thread-safe.
 */
public final class StreamsAdapterProvider implements AdapterProvider {

    /** For {@link java.util.ServiceLoader}. */
    public StreamsAdapterProvider() {}

    @Override
    public String name() {
        return "redis-streams";
    }

    @Override
    public AdapterFactory create(Function<String, String> settings) {
        String url = settings.apply("redis.url");
        return StreamsRedisAdapterFactory.connect(url == null || url.isBlank()
                ? "redis://127.0.0.1:6379" : url.trim(), options(settings));
    }

    /** The options the settings give, over the Node.js defaults. */
    static StreamsAdapterOptions options(Function<String, String> settings) {
        StreamsAdapterOptions o = StreamsAdapterOptions.DEFAULTS;
        String prefix = settings.apply("redis.prefix");
        if (prefix != null) {
            o = o.withChannelPrefix(prefix.trim());
        }
        String stream = settings.apply("redis.streamName");
        if (stream != null) {
            o = o.withStreamName(stream.trim());
        }
        String count = settings.apply("redis.streamCount");
        if (count != null) {
            o = o.withStreamCount(number("streamCount", count));
        }
        String maxLen = settings.apply("redis.maxLen");
        if (maxLen != null) {
            o = o.withMaxLen(number("maxLen", maxLen));
        }
        String sessions = settings.apply("redis.sessionKeyPrefix");
        if (sessions != null) {
            o = o.withSessionKeyPrefix(sessions.trim());
        }
        return o;
    }

    private static int number(String name, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < 1) {
                throw new NumberFormatException("not positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("socketio.redis." + name
                    + " must be a positive number: " + value, e);
        }
    }
}
