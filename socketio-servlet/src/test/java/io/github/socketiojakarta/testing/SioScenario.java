package io.github.socketiojakarta.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Builds and runs the {@code sio-b-clients.mjs} scenario: several official Socket.IO clients
 * (Node.js) that connect in order, optionally run steps, and report every event they received,
 * their disconnect reasons and the acks they got.
 *
 * <pre>{@code
 * SioScenario.Result r = SioScenario.at(server.url())
 *     .client(SioScenario.client("a", mode))
 *     .step(SioScenario.emit("a", "join", "red").ack("joined"))
 *     .run();
 * assertThat(r.client("a").eventNames()).containsExactly("news", "done");
 * }</pre>
 *
 * <p>Not thread-safe while building; {@link #runAsync()} runs the script on another thread so
 * that the test can drive the server meanwhile.
 */
public final class SioScenario {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final String url;
    private final List<JsonValue> clients = new ArrayList<>();
    private final List<JsonValue> steps = new ArrayList<>();
    private boolean waitAll = true;
    private boolean leaveOpen;
    private String ready = "ready";
    private Duration timeout = DEFAULT_TIMEOUT;

    private SioScenario(String url) {
        this.url = url;
    }

    /** A scenario against the server at {@code url} ({@code http://127.0.0.1:port}). */
    public static SioScenario at(String url) {
        return new SioScenario(url);
    }

    /** A client spec using the transports of {@code mode} (waits for the upgrade in UPGRADE). */
    public static Client client(String name, TransportMode mode) {
        return new Client(name, mode);
    }

    /** A step: {@code client} emits {@code event} with arguments (see {@link #json}). */
    public static Step emit(String client, String event, Object... args) {
        return new Step(Json.createObjectBuilder().add("op", "emit").add("client", client)
                .add("event", event).add("args", json(List.of(args))));
    }

    /** A step: waits until {@code client} received {@code count} events named {@code event}. */
    public static Step await(String client, String event, int count) {
        return new Step(Json.createObjectBuilder().add("op", "wait").add("client", client)
                .add("event", event).add("count", count));
    }

    /** A step: waits until {@code client} received an event named {@code event}. */
    public static Step await(String client, String event) {
        return await(client, event, 1);
    }

    /** A step: waits until {@code client} disconnected. */
    public static Step awaitDisconnect(String client) {
        return new Step(Json.createObjectBuilder().add("op", "waitDisconnect").add("client", client));
    }

    /** A step: the client disconnects its socket ({@code socket.disconnect()}). */
    public static Step disconnect(String client) {
        return new Step(Json.createObjectBuilder().add("op", "disconnect").add("client", client));
    }

    /** A step: the client closes its Engine.IO connection. */
    public static Step closeEngine(String client) {
        return new Step(Json.createObjectBuilder().add("op", "closeEngine").add("client", client));
    }

    /** A step: the client sends a raw Socket.IO packet text over its Engine.IO connection. */
    public static Step raw(String client, String packet) {
        return new Step(Json.createObjectBuilder().add("op", "raw").add("client", client)
                .add("data", packet));
    }

    /** Adds a client (connected in the order added). */
    public SioScenario client(Client c) {
        clients.add(c.toJson());
        return this;
    }

    /** Adds a step. */
    public SioScenario step(Step s) {
        steps.add(s.json.build());
        return this;
    }

    /** Whether to wait, after the steps, for every client's {@code until} event or disconnect. */
    public SioScenario waitAll(boolean value) {
        waitAll = value;
        return this;
    }

    /** Exits the process with the clients still open (an abrupt client exit). */
    public SioScenario leaveOpen() {
        leaveOpen = true;
        return this;
    }

    /** The event each client emits with its name once connected, or null for none. */
    public SioScenario ready(String event) {
        ready = event;
        return this;
    }

    /** The script's watchdog (the Java limit is a few seconds more). */
    public SioScenario timeout(Duration value) {
        timeout = value;
        return this;
    }

    /** The script's arguments. */
    public JsonObject args() {
        JsonObjectBuilder b = Json.createObjectBuilder().add("url", url)
                .add("clients", json(clients)).add("steps", json(steps))
                .add("waitAll", waitAll).add("leaveOpen", leaveOpen)
                .add("timeoutMs", timeout.toMillis());
        if (ready == null) {
            b.addNull("ready");
        } else {
            b.add("ready", ready);
        }
        return b.build();
    }

    /** Runs the script; fails the test when it reports an error. */
    public Result run() {
        NodeScript.JsonResult r = NodeScript.run("sio-b-clients.mjs", args(),
                timeout.plusSeconds(10));
        r.assertOk();
        return new Result(r);
    }

    /** Runs the script on another thread. */
    public CompletableFuture<Result> runAsync() {
        JsonObject args = args();
        Duration limit = timeout.plusSeconds(10);
        return CompletableFuture.supplyAsync(() -> {
            NodeScript.JsonResult r = NodeScript.run("sio-b-clients.mjs", args, limit);
            r.assertOk();
            return new Result(r);
        });
    }

    /** Waits for an asynchronous run's result, rethrowing its failure. */
    public static Result join(CompletableFuture<Result> run) {
        try {
            return run.get(DEFAULT_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError("scenario failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (TimeoutException e) {
            throw new AssertionError("scenario did not finish", e);
        }
    }

    /**
     * A Java value as the script's JSON: strings, numbers, booleans, null, maps, lists, JSON-P
     * values, and {@code byte[]} as {@code {"$bin":[...]}}. The string {@code "$id:<client>"}
     * stands for that client's socket id.
     */
    public static JsonValue json(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue v) {
            return v;
        }
        if (value instanceof String s) {
            return Json.createValue(s);
        }
        if (value instanceof Boolean b) {
            return b ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer || value instanceof Long) {
            return Json.createValue(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return Json.createValue(n.doubleValue());
        }
        if (value instanceof byte[] bytes) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (byte x : bytes) {
                a.add(x & 0xff);
            }
            return Json.createObjectBuilder().add("$bin", a).build();
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder o = Json.createObjectBuilder();
            map.forEach((k, v) -> o.add(String.valueOf(k), json(v)));
            return o.build();
        }
        if (value instanceof Iterable<?> list) {
            JsonArrayBuilder a = Json.createArrayBuilder();
            for (Object v : list) {
                a.add(json(v));
            }
            return a.build();
        }
        if (value instanceof Object[] array) {
            return json(List.of(array));
        }
        throw new IllegalArgumentException("not JSON-able: " + value.getClass());
    }

    /** A client of the scenario. */
    public static final class Client {
        private final Map<String, JsonValue> fields = new LinkedHashMap<>();
        private final Map<String, JsonValue> answers = new LinkedHashMap<>();

        private Client(String name, TransportMode mode) {
            fields.put("name", Json.createValue(name));
            fields.put("transports", jsonArray(mode.transportsJson()));
            fields.put("waitUpgrade", mode == TransportMode.UPGRADE ? JsonValue.TRUE : JsonValue.FALSE);
        }

        /** The namespace (default {@code /}). */
        public Client nsp(String nsp) {
            fields.put("nsp", Json.createValue(nsp));
            return this;
        }

        /** The CONNECT auth payload. */
        public Client auth(Map<String, ?> auth) {
            fields.put("auth", json(auth));
            return this;
        }

        /** Extra query parameters of the connection. */
        public Client query(Map<String, String> query) {
            fields.put("query", json(query));
            return this;
        }

        /** Opens this socket on the connection of another client (multiplexing). */
        public Client shareWith(String other) {
            fields.put("shareWith", Json.createValue(other));
            return this;
        }

        /** The event that ends this client (default {@code done}). */
        public Client until(String event) {
            fields.put("until", Json.createValue(event));
            return this;
        }

        /** Answers server emits of {@code event} asking for an ack with these values. */
        public Client reply(String event, Object... values) {
            return answer(event, "reply", json(List.of(values)));
        }

        /** Never answers server emits of {@code event} asking for an ack. */
        public Client noReply(String event) {
            return answer(event, "noReply", JsonValue.TRUE);
        }

        /** Disconnects its socket instead of answering {@code event}. */
        public Client disconnectOn(String event) {
            return answer(event, "disconnect", JsonValue.TRUE);
        }

        /** Closes its whole connection instead of answering {@code event}. */
        public Client closeEngineOn(String event) {
            return answer(event, "closeEngine", JsonValue.TRUE);
        }

        private Client answer(String event, String how, JsonValue value) {
            answers.put(event, Json.createObjectBuilder().add(how, value).build());
            return this;
        }

        JsonObject toJson() {
            JsonObjectBuilder b = Json.createObjectBuilder();
            fields.forEach(b::add);
            if (!answers.isEmpty()) {
                JsonObjectBuilder a = Json.createObjectBuilder();
                answers.forEach(a::add);
                b.add("answers", a);
            }
            return b.build();
        }

        private static JsonArray jsonArray(String text) {
            try (JsonReader r = Json.createReader(new StringReader(text))) {
                return r.readArray();
            }
        }

        @Override
        public String toString() {
            return "Client" + toJson();
        }
    }

    /** A step of the scenario. */
    public static final class Step {
        private final JsonObjectBuilder json;

        private Step(JsonObjectBuilder json) {
            this.json = json;
        }

        /** Waits for the server's ack; its arguments are reported under {@code label}. */
        public Step ack(String label) {
            json.add("ack", true).add("label", label);
            return this;
        }
    }

    /** What the script reported. */
    public record Result(NodeScript.JsonResult raw) {
        /** What one client saw. */
        public ClientResult client(String name) {
            JsonObject all = raw.json().getJsonObject("clients");
            if (all == null || !all.containsKey(name)) {
                throw new AssertionError("no client " + name + " in " + raw.json());
            }
            return new ClientResult(name, all.getJsonObject(name));
        }

        /** The arguments of the ack labelled {@code label}. */
        public JsonArray ack(String label) {
            JsonObject acks = raw.json().getJsonObject("acks");
            if (acks == null || !acks.containsKey(label)) {
                throw new AssertionError("no ack " + label + " in " + raw.json());
            }
            return acks.getJsonArray(label);
        }
    }

    /** One received event: its name, arguments (binaries as {@code {"$bin":[...]}}). */
    public record Received(String event, JsonArray args, boolean withAck) {
        /** Argument {@code i} as a string. */
        public String string(int i) {
            return args.getString(i);
        }
    }

    /** What one client saw. */
    public record ClientResult(String name, JsonObject json) {
        /** Its socket id, as the server gave it. */
        public String id() {
            return json.isNull("id") ? null : json.getString("id");
        }

        /** The transport in use at the end ({@code polling} or {@code websocket}). */
        public String transport() {
            return json.isNull("transport") ? null : json.getString("transport");
        }

        /** Every event received, in order. */
        public List<Received> events() {
            List<Received> out = new ArrayList<>();
            for (JsonValue v : json.getJsonArray("events")) {
                JsonObject o = v.asJsonObject();
                out.add(new Received(o.getString("event"), o.getJsonArray("args"),
                        o.getBoolean("withAck")));
            }
            return out;
        }

        /** The names of the events received, in order. */
        public List<String> eventNames() {
            return events().stream().map(Received::event).toList();
        }

        /** The events received with this name. */
        public List<Received> events(String event) {
            return events().stream().filter(e -> e.event().equals(event)).toList();
        }

        /**
         * The received events as {@code name} or {@code name:firstArg} (first argument a string),
         * leaving out {@code done}: a compact form to compare whole sequences.
         */
        public List<String> trace() {
            List<String> out = new ArrayList<>();
            for (Received r : events()) {
                if (r.event().equals("done")) {
                    continue;
                }
                if (!r.args().isEmpty() && r.args().get(0) instanceof JsonString s) {
                    out.add(r.event() + ":" + s.getString());
                } else {
                    out.add(r.event());
                }
            }
            return out;
        }

        /** The reasons of its {@code disconnect} events. */
        public List<String> disconnects() {
            return json.getJsonArray("disconnects").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList();
        }

        /** The messages of its {@code connect_error} events. */
        public List<String> connectErrors() {
            return json.getJsonArray("connectErrors").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList();
        }
    }

    /** Bytes of a {@code {"$bin":[...]}} value. */
    public static byte[] bytes(JsonValue value) {
        JsonArray a = value.asJsonObject().getJsonArray("$bin");
        byte[] b = new byte[a.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) a.getInt(i);
        }
        return b;
    }
}
