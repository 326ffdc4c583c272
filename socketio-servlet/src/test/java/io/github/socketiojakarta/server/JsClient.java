package io.github.socketiojakarta.server;

import io.github.socketiojakarta.protocol.ParseException;
import io.github.socketiojakarta.testing.NodeScript;
import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario of the official JavaScript {@code socket.io-client}, run by
 * {@code src/test/js/sio-a-steps.mjs}: a list of steps (connect to namespaces over one or more
 * managers, emit, emit with ack, wait for events...) built fluently, run in one Node process,
 * and a {@link Result} with everything the client saw.
 *
 * <p>JSON given as text (arguments, auth payloads, ack answers) may use single quotes for
 * readability: every {@code '} is turned into {@code "}, so a literal apostrophe cannot be used.
 * Binary values are written {@code {'$bin':[1,2,3],'$as':'arraybuffer'}} ({@code $as}: {@code
 * arraybuffer}, {@code uint8array} or {@code buffer}, the default), and come back as {@code
 * {"$bin":[...]}}; strings holding U+0085, U+2028 or U+2029 come back as {@code
 * {"$chars":[...]}} and are restored by {@link Result}. {@link #plain} and {@link #expected}
 * bring server-side values and expected JSON to one comparable form.
 *
 * <p>Not thread-safe; one instance per scenario.
 */
final class JsClient {
    private static final String SCRIPT = "sio-a-steps.mjs";
    private static final long SCRIPT_TIMEOUT_MS = 15_000;

    private final String url;
    private final TransportMode mode;
    private final JsonArrayBuilder steps = Json.createArrayBuilder();
    private final JsonObjectBuilder answers = Json.createObjectBuilder();
    private final JsonObjectBuilder managers = Json.createObjectBuilder();
    private boolean waitUpgrade;

    private JsClient(String url, TransportMode mode) {
        this.url = url;
        this.mode = mode;
        this.waitUpgrade = mode == TransportMode.UPGRADE;
    }

    /**
     * A scenario against this server over this transport mode. In {@link TransportMode#UPGRADE}
     * each connect step waits for the upgrade to WebSocket, unless {@link #withoutUpgradeWait}.
     */
    static JsClient of(SocketIoTestServer server, TransportMode mode) {
        return new JsClient(server.url(), mode);
    }

    // ------------------------------------------------------------------ JSON helpers

    /** Parses JSON text written with single quotes. */
    static JsonValue json(String singleQuoted) {
        try (JsonReader r = Json.createReader(new StringReader(singleQuoted.replace('\'', '"')))) {
            return r.readValue();
        }
    }

    /**
     * The comparable form of an expected value written as JSON (single quotes allowed): plain
     * maps, lists, strings, {@code Long}/{@code Double}, booleans, nulls; binary markers keep
     * only {@code $bin}.
     */
    static Object expected(String singleQuoted) {
        return withoutAs(parse(singleQuoted.replace('\'', '"')));
    }

    /**
     * The comparable form of a value the server received or sent: {@code byte[]} and {@code
     * ByteBuffer} become {@code {"$bin":[...]}}, integral numbers {@code Long}, other numbers
     * {@code Double}; maps and lists are copied recursively.
     */
    static Object plain(Object value) {
        if (value instanceof byte[]) {
            return binMarker((byte[]) value);
        }
        if (value instanceof ByteBuffer) {
            ByteBuffer b = (ByteBuffer) value;
            byte[] copy = new byte[b.remaining()];
            b.get(b.position(), copy);
            return binMarker(copy);
        }
        if (value instanceof Map<?, ?>) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof List<?>) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) value) {
                out.add(plain(o));
            }
            return out;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float) {
            return ((Float) value).doubleValue();
        }
        return value;
    }

    private static Map<String, Object> binMarker(byte[] bytes) {
        List<Object> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add((long) (b & 0xff));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("$bin", list);
        return m;
    }

    private static Object withoutAs(Object value) {
        if (value instanceof Map<?, ?>) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> {
                if (!"$as".equals(k)) {
                    out.put(String.valueOf(k), withoutAs(v));
                }
            });
            return out;
        }
        if (value instanceof List<?>) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) value) {
                out.add(withoutAs(o));
            }
            return out;
        }
        return value;
    }

    private static Object parse(String json) {
        try {
            return io.github.socketiojakarta.protocol.Json.parse(json);
        } catch (ParseException e) {
            throw new IllegalArgumentException("bad JSON: " + json, e);
        }
    }

    // ------------------------------------------------------------------ configuration

    /** Extra Manager options for one manager (e.g. {@code {'query':{'a':'1'}}}). */
    JsClient managerOptions(String manager, String optionsJson) {
        managers.add(manager, json(optionsJson));
        return this;
    }

    /**
     * How the client answers a server event that asks for an ack: {@code {'values':[...]}},
     * {@code {'echo':true}}, {@code {'defer':true}} (answered by {@link #flushDeferred}); events
     * without a spec are never answered.
     */
    JsClient answer(String event, String specJson) {
        answers.add(event, json(specJson));
        return this;
    }

    /**
     * Goes on right after connecting in {@link TransportMode#UPGRADE}: the next steps run while
     * the upgrade happens (packets cross the switch of transports).
     */
    JsClient withoutUpgradeWait() {
        waitUpgrade = false;
        return this;
    }

    // ------------------------------------------------------------------ steps

    private JsClient step(JsonObjectBuilder step) {
        steps.add(step);
        return this;
    }

    private static JsonObjectBuilder op(String op) {
        return Json.createObjectBuilder().add("op", op);
    }

    /** Connects socket {@code socket} of the default manager to {@code nsp}, without auth. */
    JsClient connect(String socket, String nsp) {
        return connectOn("default", socket, nsp, null, "connect");
    }

    /** Connects with an auth payload (JSON text). */
    JsClient connect(String socket, String nsp, String authJson) {
        return connectOn("default", socket, nsp, authJson, "connect");
    }

    /** Connects on a given manager (its own Engine.IO connection); auth may be null. */
    JsClient connectOn(String manager, String socket, String nsp, String authJson) {
        return connectOn(manager, socket, nsp, authJson, "connect");
    }

    /** Tries to connect and expects a connect_error; auth may be null. */
    JsClient connectRejected(String socket, String nsp, String authJson) {
        return connectOn("default", socket, nsp, authJson, "error");
    }

    /** Tries to connect on a given manager and expects a connect_error; auth may be null. */
    JsClient connectRejectedOn(String manager, String socket, String nsp, String authJson) {
        return connectOn(manager, socket, nsp, authJson, "error");
    }

    private JsClient connectOn(String manager, String socket, String nsp, String authJson,
            String expect) {
        JsonObjectBuilder b = op("connect").add("manager", manager).add("socket", socket)
                .add("nsp", nsp).add("expect", expect);
        if (authJson != null) {
            b.add("auth", json(authJson));
        }
        return step(b);
    }

    /** Emits an event with arguments given as a JSON array. */
    JsClient emit(String socket, String event, String argsJson) {
        return step(op("emit").add("socket", socket).add("event", event)
                .add("args", json(argsJson)));
    }

    /** Emits with an ack callback and waits for the answer, stored as {@code ackName}. */
    JsClient emitWithAck(String socket, String event, String argsJson, String ackName) {
        return step(op("emit").add("socket", socket).add("event", event)
                .add("args", json(argsJson)).add("ack", ackName));
    }

    /** Emits with an ack callback and a client-side timeout; waits for the answer or error. */
    JsClient emitWithAck(String socket, String event, String argsJson, String ackName,
            long timeoutMs) {
        return step(op("emit").add("socket", socket).add("event", event)
                .add("args", json(argsJson)).add("ack", ackName).add("ackTimeoutMs", timeoutMs));
    }

    /** Emits with an ack callback and goes on without waiting ({@link #awaitAck} later). */
    JsClient emitWithAckNoWait(String socket, String event, String argsJson, String ackName) {
        return step(op("emit").add("socket", socket).add("event", event)
                .add("args", json(argsJson)).add("ack", ackName).add("wait", false));
    }

    /** Waits for the answer stored as {@code ackName}. */
    JsClient awaitAck(String ackName) {
        return step(op("awaitAck").add("ack", ackName));
    }

    /** Emits {@code event(0)} .. {@code event(count - 1)} at once. */
    JsClient emitMany(String socket, String event, int count) {
        return step(op("emitMany").add("socket", socket).add("event", event).add("count", count));
    }

    /** Waits until the socket received {@code count} events of this name (in total). */
    JsClient awaitEvent(String socket, String event, int count) {
        return step(op("await").add("socket", socket).add("event", event).add("count", count));
    }

    /** Waits until the socket got disconnected. */
    JsClient awaitDisconnect(String socket) {
        return step(op("awaitDisconnect").add("socket", socket));
    }

    /** Disconnects the socket on the client side. */
    JsClient disconnect(String socket) {
        return step(op("disconnect").add("socket", socket));
    }

    /** Sends a raw Engine.IO message on the default manager's connection. */
    JsClient raw(String data) {
        return step(op("raw").add("manager", "default").add("data", data));
    }

    /** Waits for {@code count} more server pings on the default manager's connection. */
    JsClient awaitPings(int count) {
        return step(op("awaitPings").add("manager", "default").add("count", count));
    }

    /** Answers the acks deferred so far on this socket. */
    JsClient flushDeferred(String socket) {
        return step(op("flushDeferred").add("socket", socket));
    }

    // ------------------------------------------------------------------ running

    /** The arguments of the script. */
    JsonObject args() {
        return Json.createObjectBuilder()
                .add("url", url)
                .add("transports", json(mode.transportsJson()))
                .add("waitUpgrade", waitUpgrade)
                .add("timeoutMs", SCRIPT_TIMEOUT_MS)
                .add("answers", answers)
                .add("managers", managers)
                .add("steps", steps)
                .build();
    }

    /** Runs the scenario and fails the test unless every step succeeded. */
    Result run() {
        return new Result(runRaw().assertOk());
    }

    /** Runs the scenario and returns its result even when a step failed. */
    NodeScript.JsonResult runRaw() {
        return NodeScript.run(SCRIPT, args(), Duration.ofMillis(SCRIPT_TIMEOUT_MS + 5_000));
    }

    /** What the client saw. See {@code sio-a-steps.mjs} for the layout. */
    record Result(NodeScript.JsonResult raw) {

        JsonObject json() {
            return raw.json();
        }

        JsonObject socket(String alias) {
            JsonObject s = json().getJsonObject("sockets").getJsonObject(alias);
            if (s == null) {
                throw new AssertionError("no socket " + alias + " in " + json());
            }
            return s;
        }

        /** The socket id the client got in the CONNECT answer. */
        String socketId(String alias) {
            JsonObject s = socket(alias);
            return s.isNull("id") ? null : s.getString("id");
        }

        /** The connect_error ({@code message}, {@code data}, {@code hasData}), or null. */
        JsonObject error(String alias) {
            JsonObject s = socket(alias);
            return s.isNull("error") ? null : s.getJsonObject("error");
        }

        /** The client-side disconnect reason, or null. */
        String disconnectReason(String alias) {
            JsonObject s = socket(alias);
            return s.isNull("disconnectReason") ? null : s.getString("disconnectReason");
        }

        /** The names of the events the socket received, in order. */
        List<String> eventNames(String alias) {
            List<String> names = new ArrayList<>();
            for (JsonValue v : socket(alias).getJsonArray("events")) {
                names.add(v.asJsonObject().getString("event"));
            }
            return names;
        }

        /** The argument lists (comparable form) of the events of this name, in order. */
        List<List<Object>> events(String alias, String event) {
            List<List<Object>> out = new ArrayList<>();
            for (JsonValue v : socket(alias).getJsonArray("events")) {
                JsonObject e = v.asJsonObject();
                if (e.getString("event").equals(event)) {
                    out.add(toList(e.getJsonArray("args")));
                }
            }
            return out;
        }

        /** The argument list of the single event of this name. */
        List<Object> event(String alias, String event) {
            List<List<Object>> all = events(alias, event);
            if (all.size() != 1) {
                throw new AssertionError("expected one \"" + event + "\" on " + alias + ", got "
                        + all.size() + ": " + json());
            }
            return all.get(0);
        }

        /** Whether the events of this name asked for an ack, in order. */
        List<Boolean> eventAckFlags(String alias, String event) {
            List<Boolean> out = new ArrayList<>();
            for (JsonValue v : socket(alias).getJsonArray("events")) {
                JsonObject e = v.asJsonObject();
                if (e.getString("event").equals(event)) {
                    out.add(e.getBoolean("ack"));
                }
            }
            return out;
        }

        /** The values of an ack answer (comparable form). */
        List<Object> ackArgs(String ackName) {
            JsonObject a = json().getJsonObject("acks").getJsonObject(ackName);
            if (a == null || !a.containsKey("args")) {
                throw new AssertionError("no ack answer " + ackName + " in " + json());
            }
            return toList(a.getJsonArray("args"));
        }

        /** The error of an ack with client-side timeout, or null. */
        String ackError(String ackName) {
            JsonObject a = json().getJsonObject("acks").getJsonObject(ackName);
            return a == null || !a.containsKey("error") ? null : a.getString("error");
        }

        JsonObject manager(String alias) {
            return json().getJsonObject("managers").getJsonObject(alias);
        }

        /** The Engine.IO session id of the default manager. */
        String engineId() {
            return manager("default").getString("engineId");
        }

        /** The transport the default manager used last. */
        String transport() {
            return manager("default").getString("transport");
        }

        /** The decoded packets the default manager received ({@code type, nsp, id?, data?}). */
        List<JsonObject> packets() {
            return packets("default");
        }

        /**
         * The heads of the raw messages the default manager received, in order: the Socket.IO
         * header of a text packet before its JSON ({@code "2"}, {@code "52-"}, {@code
         * "/admin,31"}), or {@code "<binary N>"} for an attachment of N bytes.
         */
        List<String> frames() {
            List<String> out = new ArrayList<>();
            for (JsonValue v : manager("default").getJsonArray("frames")) {
                out.add(((jakarta.json.JsonString) v).getString());
            }
            return out;
        }

        List<JsonObject> packets(String manager) {
            List<JsonObject> out = new ArrayList<>();
            for (JsonValue v : manager(manager).getJsonArray("packets")) {
                out.add(v.asJsonObject());
            }
            return out;
        }

        @SuppressWarnings("unchecked")
        private static List<Object> toList(JsonArray array) {
            return (List<Object>) withChars(parse(array.toString()));
        }

        /** Turns the script's {@code {"$chars":[code units]}} markers back into strings. */
        private static Object withChars(Object value) {
            if (value instanceof Map<?, ?>) {
                Map<?, ?> map = (Map<?, ?>) value;
                if (map.size() == 1 && map.get("$chars") instanceof List<?>) {
                    StringBuilder sb = new StringBuilder();
                    for (Object unit : (List<?>) map.get("$chars")) {
                        sb.append((char) ((Number) unit).intValue());
                    }
                    return sb.toString();
                }
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), withChars(v)));
                return out;
            }
            if (value instanceof List<?>) {
                List<Object> out = new ArrayList<>();
                for (Object o : (List<?>) value) {
                    out.add(withChars(o));
                }
                return out;
            }
            return value;
        }
    }
}
