package io.github.socketiojakarta.redis;

import java.util.Objects;

/**
 * The options of the Redis Streams adapter, with the defaults of {@code createAdapter} in the
 * Node.js {@code @socket.io/redis-streams-adapter} 0.3.1. Its heartbeat options are left out:
 * 0.3.x no longer uses them. Timeouts are those of socket.io-adapter's {@code ClusterAdapter}:
 * fetchSockets waits for the broadcast's {@code timeout} flag or 5000 ms, server-side events with
 * acks for the timeout given or 5000 ms. Immutable and thread-safe.
 *
 * @param streamName the stream's key, or its prefix when {@code streamCount > 1}
 *     ({@code "socket.io"})
 * @param streamCount how many streams the namespaces are spread over (1); with more, a
 *     namespace's stream is {@code streamName-<hashCode(nsp) % streamCount>}
 * @param channelPrefix the prefix of the pub/sub channels ({@code "socket.io"})
 * @param useShardedPubSub whether to use {@code SSUBSCRIBE}/{@code SPUBLISH}/
 *     {@code SHARDNUMSUB} instead of the classic commands (false; not supported by this
 *     implementation yet, must be false)
 * @param maxLen the approximate length the stream is trimmed to ({@code MAXLEN ~}, 10000)
 * @param readCount the most entries one {@code XREAD} returns (100)
 * @param blockTimeInMs how long one {@code XREAD} blocks (5000 ms)
 * @param sessionKeyPrefix the prefix of the keys of connection state recovery sessions
 *     ({@code "sio:session:"})
 * @param onlyPlaintext whether messages are always JSON, never MessagePack (false)
 */
public record StreamsAdapterOptions(
        String streamName,
        int streamCount,
        String channelPrefix,
        boolean useShardedPubSub,
        int maxLen,
        int readCount,
        int blockTimeInMs,
        String sessionKeyPrefix,
        boolean onlyPlaintext) {

    /** The Node.js defaults. */
    public static final StreamsAdapterOptions DEFAULTS = new StreamsAdapterOptions("socket.io", 1,
            "socket.io", false, 10_000, 100, 5_000, "sio:session:", false);

    /** Validates. */
    public StreamsAdapterOptions {
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(channelPrefix, "channelPrefix");
        Objects.requireNonNull(sessionKeyPrefix, "sessionKeyPrefix");
        if (streamCount < 1 || maxLen < 1 || readCount < 1 || blockTimeInMs < 1) {
            throw new IllegalArgumentException(
                    "streamCount, maxLen, readCount and blockTimeInMs must be positive");
        }
        if (useShardedPubSub) {
            throw new IllegalArgumentException("useShardedPubSub is not supported yet");
        }
    }

    /** The same with another stream name. */
    public StreamsAdapterOptions withStreamName(String value) {
        return new StreamsAdapterOptions(value, streamCount, channelPrefix, useShardedPubSub,
                maxLen, readCount, blockTimeInMs, sessionKeyPrefix, onlyPlaintext);
    }

    /** The same with another stream count. */
    public StreamsAdapterOptions withStreamCount(int value) {
        return new StreamsAdapterOptions(streamName, value, channelPrefix, useShardedPubSub,
                maxLen, readCount, blockTimeInMs, sessionKeyPrefix, onlyPlaintext);
    }

    /** The same with another channel prefix. */
    public StreamsAdapterOptions withChannelPrefix(String value) {
        return new StreamsAdapterOptions(streamName, streamCount, value, useShardedPubSub,
                maxLen, readCount, blockTimeInMs, sessionKeyPrefix, onlyPlaintext);
    }

    /** The same with another approximate maximum stream length. */
    public StreamsAdapterOptions withMaxLen(int value) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix,
                useShardedPubSub, value, readCount, blockTimeInMs, sessionKeyPrefix,
                onlyPlaintext);
    }

    /** The same with another session key prefix. */
    public StreamsAdapterOptions withSessionKeyPrefix(String value) {
        return new StreamsAdapterOptions(streamName, streamCount, channelPrefix,
                useShardedPubSub, maxLen, readCount, blockTimeInMs, value, onlyPlaintext);
    }

    /**
     * The stream of a namespace: {@code streamName}, or with several streams
     * {@code streamName-<hashCode(nsp) % streamCount>} where {@code hashCode} is the
     * reference's, which is {@link String#hashCode()} (JavaScript's {@code %} keeps the sign as
     * Java's does).
     */
    public String streamOf(String namespace) {
        return streamCount == 1 ? streamName
                : streamName + "-" + (namespace.hashCode() % streamCount);
    }
}
