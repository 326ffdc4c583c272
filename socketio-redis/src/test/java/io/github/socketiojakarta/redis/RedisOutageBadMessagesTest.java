package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import io.github.socketiojakarta.protocol.SocketPacket;
import io.github.socketiojakarta.testing.LogCapture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Floods of malformed or foreign messages, and messages over the server's maxHttpBufferSize, on
 * every channel a node reads: each kind is logged once per node and channel kind (no flood,
 * never the payload), dropped, and traffic on the same and other namespaces keeps flowing.
 */
class RedisOutageBadMessagesTest {
    private static final int FLOOD = 50;
    private static RedisServerProcess redis;
    private static RedisClient raw;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void redis() throws Exception {
        redis = RedisServerProcess.start();
        raw = RedisClient.create(redis.uri());
    }

    @AfterAll
    static void stopRedis() {
        if (raw != null) {
            raw.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private RedisAdapterFactory factory(String key) {
        RedisAdapterFactory f = RedisAdapterFactory.connect(redis.uri(),
                RedisAdapterOptions.DEFAULTS.withKey(key));
        closing.add(f);
        return f;
    }

    private static FakeNamespace namespace(RedisAdapterFactory f, String name, int maxBytes)
            throws Exception {
        FakeNamespace ns = new FakeNamespace(name);
        ns.maxHttpBufferSize = maxBytes;
        ns.adapter = f.create(ns);
        ns.adapter.init();
        ((RedisAdapter) ns.adapter).ready().get(10, TimeUnit.SECONDS);
        return ns;
    }

    private static OutboundPacket event(String nsp, Object... args) {
        return OutboundPacket.encode(new SocketPacket.Event(nsp, Arrays.asList(args),
                SocketPacket.NO_ACK), null);
    }

    private static long count(LogCapture logs, String words) {
        return logs.all().lines().filter(l -> l.startsWith("WARNING ") && l.contains(words))
                .count();
    }

    @Test
    void malformedAndForeignMessagesAreLoggedOncePerChannelKindAndDropped() throws Exception {
        String key = "bad";
        try (LogCapture logs = new LogCapture();
                StatefulRedisConnection<String, byte[]> c = raw.connect(RedisAdapterFactory.CODEC)) {
            RedisAdapterFactory fa = factory(key);
            RedisAdapterFactory fb = factory(key);
            FakeNamespace a = namespace(fa, "/", Integer.MAX_VALUE);
            FakeNamespace b = namespace(fb, "/", Integer.MAX_VALUE);
            FakeNamespace aChat = namespace(fa, "/chat", Integer.MAX_VALUE);
            FakeNamespace bChat = namespace(fb, "/chat", Integer.MAX_VALUE);
            FakeNamespace.Socket b1 = b.connect("b1", "r");
            FakeNamespace.Socket bc1 = bChat.connect("bc1");
            String secret = "SECRET-PAYLOAD-" + "x".repeat(1000);
            List<byte[]> garbage = List.of(new byte[] {(byte) 0xc1}, // never used in msgpack
                    "{".getBytes(StandardCharsets.UTF_8), // broken JSON
                    ("{\"foreign\":\"" + secret + "\"").getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0x93, 1, 2, 3}); // [1, 2, 3]: not [uid, packet, opts]
            for (int i = 0; i < FLOOD; i++) {
                for (String channel : List.of(key + "#/#", key + "#/#r#", key + "-request#/#",
                        key + "-response#/#")) {
                    for (byte[] g : garbage) {
                        c.async().publish(channel, g);
                    }
                }
            }
            c.sync().ping();
            // traffic goes on, on the same namespace and on another one, both ways
            a.adapter.broadcast(event("/", "after"), BroadcastOptions.ALL);
            aChat.adapter.broadcast(event("/chat", "chat-after"), BroadcastOptions.ALL);
            await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("after"));
            await().atMost(Duration.ofSeconds(10)).until(() -> bc1.events().contains("chat-after"));
            assertThat(b1.events()).containsExactly("after");
            assertThat(a.adapter.fetchSockets(BroadcastOptions.ALL).get(10, TimeUnit.SECONDS))
                    .extracting(SocketDetails::id).containsExactly("b1");
            try (StatefulRedisConnection<String, String> s = raw.connect()) {
                assertThat(s.sync().pubsubNumsub(key + "-request#/#").get(key + "-request#/#"))
                        .isEqualTo(2L); // no subscription was lost
            }
            // each node logs once per channel kind: broadcasts, requests, responses
            assertThat(count(logs, "not the adapter's protocol")).as(logs.all()).isEqualTo(6);
            assertThat(logs.all()).doesNotContain(secret).doesNotContain("x".repeat(300));
            assertThat(logs.all().lines()).allMatch(l -> l.length() < 1000);
        }
    }

    @Test
    void messagesOverMaxHttpBufferSizeAreRefusedUndecodedAndLoggedOnce() throws Exception {
        String key = "large";
        try (LogCapture logs = new LogCapture();
                StatefulRedisConnection<String, byte[]> c = raw.connect(RedisAdapterFactory.CODEC)) {
            FakeNamespace a = namespace(factory(key), "/", Integer.MAX_VALUE);
            FakeNamespace b = namespace(factory(key), "/", 1000);
            FakeNamespace.Socket b1 = b.connect("b1");
            String big = "y".repeat(5000);
            for (int i = 0; i < 20; i++) {
                a.adapter.broadcast(event("/", "big", big), BroadcastOptions.ALL);
            }
            // a request over the limit is not even decoded (nor answered)
            byte[] bigRequest = ("{\"uid\":\"other\",\"requestId\":\"r1\",\"type\":1,\"pad\":\""
                    + big + "\"}").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 20; i++) {
                c.async().publish(key + "-request#/#", bigRequest);
            }
            a.adapter.broadcast(event("/", "small", "ok"), BroadcastOptions.ALL);
            await().atMost(Duration.ofSeconds(10)).until(() -> b1.events().contains("small"));
            assertThat(b1.events()).containsExactly("small");
            assertThat(count(logs, "larger than maxHttpBufferSize (1000 bytes)"))
                    .as(logs.all()).isEqualTo(2); // broadcasts, requests
            assertThat(logs.all()).doesNotContain("y".repeat(300));
            // B still answers requests that fit
            assertThat(((RedisAdapter) a.adapter).allRooms().get(10, TimeUnit.SECONDS))
                    .contains("b1");
            assertThat(Set.copyOf(a.adapter.fetchSockets(BroadcastOptions.ALL)
                    .get(10, TimeUnit.SECONDS).stream().map(SocketDetails::id).toList()))
                    .containsExactly("b1");
        }
    }
}
