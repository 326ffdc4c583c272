package io.github.socketiojakarta.cdi;

import static io.github.socketiojakarta.cdi.JsClients.bytes;
import static io.github.socketiojakarta.cdi.JsClients.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.testing.TransportMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Event payloads reach {@code Incoming<T>} observers mapped to their type (records, POJOs,
 * generic lists, binary as {@code byte[]}, several arguments), acks answer the client, and a
 * payload that does not map is logged and answered with an error ack without harming the
 * socket.
 */
class PayloadTest {
    private static WeldTomcat tomcat;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    /** A record payload. */
    public record ChatMessage(String user, String text) {}

    /** A record with binary inside. */
    public record Upload(String name, byte[] content) {}

    /** A JavaBean payload. */
    public static class Profile {
        private String name;
        private int age;
        private List<String> tags = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getAge() {
            return age;
        }

        public void setAge(int age) {
            this.age = age;
        }

        public List<String> getTags() {
            return tags;
        }

        public void setTags(List<String> tags) {
            this.tags = tags;
        }
    }

    /** Observers that answer what they received, with the Java types they saw. */
    @ApplicationScoped
    public static class Echo {
        void record(@Observes @OnEvent("record") Incoming<ChatMessage> in) {
            in.ack(in.data().getClass().getSimpleName(), in.data());
        }

        void pojo(@Observes @OnEvent("pojo") Incoming<Profile> in) {
            Profile p = in.data();
            in.ack(p.getClass().getSimpleName(), p.getName(), p.getAge(), p.getTags());
        }

        void list(@Observes @OnEvent("list") Incoming<List<ChatMessage>> in) {
            in.ack(in.data().stream()
                    .map(m -> m.getClass().getSimpleName() + ":" + m.user() + ":" + m.text())
                    .toList());
        }

        void binary(@Observes @OnEvent("binary") Incoming<byte[]> in) {
            byte[] data = in.data();
            byte[] reversed = new byte[data.length];
            for (int i = 0; i < data.length; i++) {
                reversed[i] = data[data.length - 1 - i];
            }
            in.ack(data.length, reversed);
        }

        void upload(@Observes @OnEvent("upload") Incoming<Upload> in) {
            in.ack(in.data().name(), in.data().content().length, in.data().content()[2]);
        }

        void several(@Observes @OnEvent("several") Incoming<String> in) {
            ChatMessage third = in.arg(2, ChatMessage.class);
            byte[] fourth = in.arg(3, byte[].class);
            in.ack(in.name(), in.args().size(), in.data(), in.arg(1, Integer.class) + 1,
                    third.text(), fourth.length);
        }

        void empty(@Observes @OnEvent("empty") Incoming<ChatMessage> in) {
            in.ack("data=" + in.data(), in.args().size(), in.wantsAck());
        }

        void twice(@Observes @OnEvent("twice") Incoming<Object> in) {
            boolean first = in.ack("first");
            boolean second = in.ack("second");
            in.socket().emit("twice-result", first, second);
        }
    }

    @BeforeAll
    static void start() {
        tomcat = WeldTomcat.start(Echo.class);
    }

    @AfterAll
    static void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
    }

    @BeforeEach
    void captureLog() {
        Logger.getLogger(SocketIoDispatcher.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger(SocketIoDispatcher.class.getName()).removeHandler(capture);
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void recordsPojosListsAndBinaryAreMappedToTheObservedType(TransportMode mode) {
        JsClients.Result r = JsClients.at(tomcat.url()).transport(mode)
                .client(client("c")
                        .emitWithAck("record", Map.of("user", "ann", "text", "hi"))
                        .emitWithAck("pojo", Map.of("name", "bo", "age", 42, "tags", List.of("x", "y")))
                        .emitWithAck("list", List.of(Map.of("user", "a", "text", "1"),
                                Map.of("user", "b", "text", "2")))
                        .emitWithAck("binary", bytes(1, 2, 3, 255))
                        .emitWithAck("upload", Map.of("name", "f.bin", "content", bytes(7, 8, 9))))
                .run();

        assertThat(r.ack("c", 0)).isEqualTo(Json.createArrayBuilder().add("ChatMessage")
                .add(Json.createObjectBuilder().add("user", "ann").add("text", "hi")).build());
        assertThat(r.ack("c", 1)).isEqualTo(Json.createArrayBuilder().add("Profile").add("bo")
                .add(42).add(Json.createArrayBuilder().add("x").add("y")).build());
        assertThat(r.ack("c", 2).getJsonArray(0).getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("ChatMessage:a:1", "ChatMessage:b:2");
        assertThat(r.ack("c", 3).getInt(0)).isEqualTo(4);
        assertThat(bytesOf(r.ack("c", 3).getJsonObject(1))).containsExactly(255, 3, 2, 1);
        assertThat(r.ack("c", 4)).isEqualTo(Json.createArrayBuilder().add("f.bin").add(3).add(9)
                .build());
    }

    @Test
    void everyArgumentOfAnEventIsAvailable() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("c")
                        .emitWithAck("several", "first", 41, Map.of("user", "u", "text", "third"),
                                bytes(1, 2))
                        .emitWithAck("empty"))
                .run();

        assertThat(r.ack("c", 0)).isEqualTo(Json.createArrayBuilder().add("several").add(4)
                .add("first").add(42).add("third").add(2).build());
        assertThat(r.ack("c", 1)).isEqualTo(Json.createArrayBuilder().add("data=null").add(0)
                .add(true).build());
    }

    @Test
    void onlyTheFirstAckIsSent() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("c").emitWithAck("twice").awaitEvents("twice-result"))
                .run();

        assertThat(r.ack("c", 0).getValuesAs(jakarta.json.JsonString::getString))
                .containsExactly("first");
        assertThat(r.events("c", "twice-result").getJsonArray(0))
                .isEqualTo(Json.createArrayBuilder().add(true).add(false).build());
    }

    @Test
    void aPayloadThatDoesNotMapIsLoggedAndAnsweredAndTheSocketKeepsWorking() {
        JsClients.Result r = JsClients.at(tomcat.url())
                .client(client("c")
                        .emitWithAck("record", "just a string")
                        .emit("record", 12)
                        .emitWithAck("record", Map.of("user", "ann", "text", "still here")))
                .run();

        JsonObject error = r.ack("c", 0).getJsonObject(0);
        assertThat(error.getString("error")).isEqualTo("invalid payload");
        assertThat(error.getString("message")).contains(ChatMessage.class.getName());
        assertThat(r.ack("c", 1).getJsonObject(1).getString("text")).isEqualTo("still here");
        await().atMost(Duration.ofSeconds(5)).until(() -> logged.size() >= 2);
        assertThat(logged).allSatisfy(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.WARNING);
            assertThat(formatted(record)).contains("\"record\"").contains("Echo.record()");
        });
    }

    private static String formatted(LogRecord record) {
        return new java.util.logging.SimpleFormatter().formatMessage(record);
    }

    private static List<Integer> bytesOf(JsonObject binary) {
        JsonArray values = binary.getJsonArray("$bytes");
        return values.getValuesAs(jakarta.json.JsonNumber::intValue);
    }
}
