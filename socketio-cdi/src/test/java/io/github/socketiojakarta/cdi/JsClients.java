package io.github.socketiojakarta.cdi;

import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code cdi-clients.mjs}: official {@code socket.io-client} sockets that connect, emit and
 * listen as described, and reports what they saw. Not thread-safe (build, then run once).
 */
final class JsClients {
    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    private final String url;
    private TransportMode mode = TransportMode.WEBSOCKET;
    private final List<Client> clients = new ArrayList<>();
    private final List<String> http = new ArrayList<>();

    private JsClients(String url) {
        this.url = url;
    }

    static JsClients at(String url) {
        return new JsClients(url);
    }

    JsClients transport(TransportMode value) {
        mode = value;
        return this;
    }

    JsClients client(Client client) {
        clients.add(client);
        return this;
    }

    /** A GET request to the web application once every client emitted. */
    JsClients get(String pathAndQuery) {
        http.add(pathAndQuery);
        return this;
    }

    /** Runs the script and fails unless it reports success. */
    Result run() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("url", url);
        args.put("transports", JSONB.fromJson(mode.transportsJson(), List.class));
        args.put("clients", clients.stream().map(c -> c.spec).toList());
        args.put("http", http);
        args.put("timeoutMs", 15_000);
        return new Result(NodeScript.run("cdi-clients.mjs", JSONB.toJson(args),
                Duration.ofSeconds(25)).assertOk().json());
    }

    /** A binary value ({@code {"$bytes":[..]}} on the script's side). */
    static Map<String, Object> bytes(int... values) {
        return Map.of("$bytes", Arrays.stream(values).boxed().toList());
    }

    static Client client(String name) {
        return new Client(name);
    }

    /** One socket of the scenario. */
    static final class Client {
        private final Map<String, Object> spec = new LinkedHashMap<>();
        private final List<Map<String, Object>> emits = new ArrayList<>();

        private Client(String name) {
            spec.put("name", name);
            spec.put("emits", emits);
        }

        Client nsp(String namespace) {
            spec.put("nsp", namespace);
            return this;
        }

        Client auth(Map<String, Object> auth) {
            spec.put("auth", auth);
            return this;
        }

        /** The connection must be refused. */
        Client refused() {
            spec.put("expectError", true);
            return this;
        }

        Client awaitOnConnect(String... events) {
            spec.put("awaitOnConnect", List.of(events));
            return this;
        }

        Client emit(String event, Object... args) {
            return add(event, false, args);
        }

        /** Emits and waits for the answer (reported in {@code acks}, in order). */
        Client emitWithAck(String event, Object... args) {
            return add(event, true, args);
        }

        Client awaitEvents(String... events) {
            spec.put("awaitEvents", List.of(events));
            return this;
        }

        /** {@code disconnect} (default), {@code close}, {@code server} or {@code none}. */
        Client end(String how) {
            spec.put("end", how);
            return this;
        }

        /**
         * Emits with an ack but goes on at once; the answer is awaited after the client's last
         * emit (and still reported in order).
         */
        Client emitWithAckNoWait(String event, Object... args) {
            add(event, true, args).emits.get(emits.size() - 1).put("wait", false);
            return this;
        }

        private Client add(String event, boolean ack, Object... args) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("event", event);
            e.put("args", List.of(args));
            e.put("ack", ack);
            emits.add(e);
            return this;
        }
    }

    /** The script's report. */
    record Result(JsonObject json) {
        JsonObject client(String name) {
            return json.getJsonObject("clients").getJsonObject(name);
        }

        /** The answer to the client's {@code i}-th emit with ack: its arguments. */
        JsonArray ack(String name, int i) {
            JsonValue answer = client(name).getJsonArray("acks").get(i);
            if (answer.getValueType() != JsonValue.ValueType.ARRAY) {
                throw new AssertionError("no answer to emit " + i + " of " + name + ": " + answer);
            }
            return answer.asJsonArray();
        }

        /** The arguments of each time the client received {@code event}. */
        JsonArray events(String name, String event) {
            JsonObject events = client(name).getJsonObject("events");
            return events.containsKey(event) ? events.getJsonArray(event) : JsonArray.EMPTY_JSON_ARRAY;
        }

        JsonObject http(int i) {
            return json.getJsonArray("http").getJsonObject(i);
        }
    }
}
