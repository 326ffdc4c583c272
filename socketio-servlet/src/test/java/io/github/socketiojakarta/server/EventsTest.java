package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Events both ways with the official JavaScript client over each transport mode: JSON types,
 * catch-all listeners, once/off, typed listeners with JSON-B records, reserved names, order and
 * the one-at-a-time guarantee.
 */
class EventsTest {

    /** An author, mapped with JSON-B. */
    public record Author(String name, boolean admin) {}

    /** A message, mapped with JSON-B. */
    public record Message(String text, int count, List<String> tags, Author author, Double score) {}

    /** Every JSON type, nested, with unicode (emoji, a surrogate pair with modifier, CJK). */
    private static final String ALL_TYPES = "["
            + "{'nested':{'deep':{'list':[1,'two',{'three':3.5}]},'empty':{}},'emptyList':[],"
            + "'nil':null,'yes':true},"
            + "[1,2.5,-3,'x',null,true,false,[[]]],"
            + "'h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c\u8a9e \ud83c\udf89\ud83d\udc4d\ud83c\udffd',"
            + "'quote \\u0022 backslash \\\\ newline \\n tab \\t nul \\u0000 ls \\u2028 lone \\ud83d',"
            + "'',"
            + "42,-7,0,9007199254740991,-9007199254740991,"
            + "3.14159,-0.5,1.0E-7,6.02E23,"
            + "true,false,null]";

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void everyJsonTypeTravelsBothWaysUnchanged(TransportMode mode) throws Exception {
        CompletableFuture<List<Object>> received = new CompletableFuture<>();
        Map<String, Object> javaObject = new LinkedHashMap<>();
        javaObject.put("text", "caf\u00e9 \ud83d\ude80");
        javaObject.put("list", List.of(1, 2L, 2.5, 1.5f, "s", true));
        javaObject.put("nil", null);
        javaObject.put("nested", Map.of("ints", new int[] {1, 2, 3}, "strings", new String[] {"a"}));
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.on("echo", e -> {
                received.complete(e.args().values());
                s.emit("echo", e.args().values().toArray());
            });
            s.emit("java", javaObject, 42, 7L, 2.5f, 0.1, Integer.MIN_VALUE, true, null,
                    "\ud83d\udc4b", List.of(), Map.of());
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .emit("main", "echo", ALL_TYPES)
                    .awaitEvent("main", "echo", 1)
                    .awaitEvent("main", "java", 1)
                    .run();

            Object expected = JsClient.expected(ALL_TYPES);
            List<Object> onServer = received.get(5, TimeUnit.SECONDS);
            assertThat(JsClient.plain(onServer)).isEqualTo(expected);
            // The plain Java types the API promises.
            assertThat(onServer.get(0)).isInstanceOf(Map.class);
            assertThat(onServer.get(1)).isInstanceOf(List.class);
            assertThat(onServer.get(2)).isEqualTo(
                    "h\u00e9llo w\u00f6rld \u2713 \u65e5\u672c\u8a9e \ud83c\udf89\ud83d\udc4d\ud83c\udffd");
            assertThat(onServer.get(3)).isEqualTo(
                    "quote \" backslash \\ newline \n tab \t nul \u0000 ls \u2028 lone \ud83d");
            assertThat(onServer.subList(5, 10)).containsExactly(42L, -7L, 0L,
                    9007199254740991L, -9007199254740991L);
            assertThat(onServer.subList(10, 14)).containsExactly(3.14159, -0.5, 1.0E-7, 6.02E23);
            assertThat(onServer.subList(14, 17)).containsExactly(true, false, null);
            assertThat(new ArrayList<Object>(((Map<?, ?>) onServer.get(0)).keySet()))
                    .containsExactly("nested", "emptyList", "nil", "yes");
            // Echoed back by the server: the client gets what it sent.
            assertThat(r.event("main", "echo")).isEqualTo(expected);
            // Java values emitted by the server.
            assertThat(r.event("main", "java")).isEqualTo(JsClient.expected("["
                    + "{'text':'caf\u00e9 \ud83d\ude80','list':[1,2,2.5,1.5,'s',true],'nil':null,"
                    + "'nested':{'ints':[1,2,3],'strings':['a']}},"
                    + "42,7,2.5,0.1,-2147483648,true,null,'\ud83d\udc4b',[],{}]"));
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void catchAllListenersSeeIncomingAndOutgoingEventsAndReservedNamesAreRefused(
            TransportMode mode) {
        Queue<String> incoming = new ConcurrentLinkedQueue<>();
        Queue<String> outgoing = new ConcurrentLinkedQueue<>();
        Map<String, String> refusals = new ConcurrentHashMap<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.onAny((event, args) -> incoming.add(event + JsClient.plain(args)));
            s.onAnyOutgoing((event, args) -> outgoing.add(event + JsClient.plain(args)));
            for (String name : List.of("connect", "connect_error", "disconnect", "disconnecting",
                    "newListener", "removeListener")) {
                refusals.put(name, refusals(() -> s.emit(name, 1), () -> s.emitWithAck(name),
                        () -> s.on(name, e -> { }), () -> io.emit(name),
                        () -> s.broadcast().emit(name), () -> s.to("room").emit(name),
                        () -> io.of("/").emitWithAck(name)));
            }
            s.emit("welcome", "hi");
            s.on("b", e -> s.emit("reply", "r", e.args().get(0)));
            s.on("done", e -> {
                // broadcasts are seen too, once per recipient (as the reference's adapter does)
                io.emit("news", 1);
                io.to(s.id()).emit("mine", 2);
                io.to("nobody").emit("lost", 3);
                e.ack("ok");
            });
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .emit("main", "a", "[1]")
                    .emit("main", "b", "['x',{'k':[true]}]")
                    .emitWithAck("main", "done", "[]", "done")
                    .awaitEvent("main", "reply", 1)
                    .awaitEvent("main", "mine", 1)
                    .run();

            assertThat(incoming).containsExactly("a[1]", "b[x, {k=[true]}]", "done[]");
            // Acks are not events: the "ok" answer is not seen by onAnyOutgoing.
            assertThat(outgoing).containsExactly("welcome[hi]", "reply[r, x]", "news[1]",
                    "mine[2]");
            assertThat(r.eventNames("main")).containsExactly("welcome", "reply", "news", "mine");
            assertThat(refusals).hasSize(6).allSatisfy((name, result) ->
                    assertThat(result).as(name).isEqualTo("7 of 7 refused"));
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void onceListensOnceAndOffRemovesListeners(TransportMode mode) {
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            AtomicInteger once = new AtomicInteger();
            AtomicInteger counted = new AtomicInteger();
            AtomicInteger allA = new AtomicInteger();
            AtomicInteger allB = new AtomicInteger();
            AtomicInteger kept = new AtomicInteger();
            AtomicInteger cancelled = new AtomicInteger();
            Listeners.EventListener removable = e -> counted.incrementAndGet();
            Listeners.EventListener cancelledOnce = e -> cancelled.incrementAndGet();
            s.once("one", e -> once.incrementAndGet());
            // A once-listener can be removed with the listener given to once(), as in Node.js.
            s.once("cancelled", cancelledOnce);
            s.off("cancelled", cancelledOnce);
            s.on("counted", removable);
            s.on("counted", e -> kept.incrementAndGet());
            s.on("all", e -> allA.incrementAndGet());
            s.on("all", e -> allB.incrementAndGet());
            s.on("remove", e -> {
                s.off("counted", removable);
                s.off("all");
                e.ack();
            });
            s.on("counts", e -> e.ack(once.get(), counted.get(), kept.get(), allA.get(),
                    allB.get(), cancelled.get()));
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .emit("main", "one", "[]")
                    .emit("main", "one", "[]")
                    .emit("main", "cancelled", "[]")
                    .emit("main", "counted", "[]")
                    .emit("main", "all", "[]")
                    .emitWithAck("main", "counts", "[]", "before")
                    .emitWithAck("main", "remove", "[]", "remove")
                    .emit("main", "one", "[]")
                    .emit("main", "counted", "[]")
                    .emit("main", "all", "[]")
                    .emitWithAck("main", "counts", "[]", "after")
                    .run();

            // once, counted, kept, allA, allB, cancelled
            assertThat(r.ackArgs("before")).containsExactly(1L, 1L, 1L, 1L, 1L, 0L);
            assertThat(r.ackArgs("remove")).isEmpty();
            assertThat(r.ackArgs("after")).containsExactly(1L, 1L, 2L, 1L, 1L, 0L);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void typedListenersMapArgumentsToRecordsAndRecordsAreSentAsJson(TransportMode mode)
            throws Exception {
        CompletableFuture<Message> typed = new CompletableFuture<>();
        Type listOfMessages = new ArrayList<Message>() { }.getClass().getGenericSuperclass();
        Message sent = new Message("from server", 2, List.of("x"), new Author("Srv", false), 0.5);
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.on("typed", Message.class, (m, e) -> {
                typed.complete(m);
                e.ack(m, m.author());
            });
            s.on("typedList", e -> {
                List<Message> list = e.args().get(0, listOfMessages);
                e.ack(list.size(), list.get(1).author().name());
            });
            s.on("anyArg", e -> e.ack(e.arg(0, Author.class).name(), e.arg(1, int.class)));
            s.emit("record", sent, Map.of("inside", new Author("Nested", true)));
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .emitWithAck("main", "typed", "[{'text':'hi','count':3,'tags':['a','b'],"
                            + "'author':{'name':'Ann','admin':true},'score':null,'extra':'ignored'}]",
                            "typed")
                    .emitWithAck("main", "typedList", "[[{'text':'1','count':1,'tags':[]},"
                            + "{'text':'2','count':2,'tags':[],'author':{'name':'Bob','admin':false}}]]",
                            "typedList")
                    // Does not map to a Message: the listener fails, the socket goes on.
                    .emitWithAckNoWait("main", "typed", "['not an object']", "unmapped")
                    .emitWithAck("main", "anyArg", "[{'name':'Cy','admin':false},12]", "anyArg")
                    .awaitEvent("main", "record", 1)
                    .run();

            assertThat(typed.get(5, TimeUnit.SECONDS)).isEqualTo(
                    new Message("hi", 3, List.of("a", "b"), new Author("Ann", true), null));
            assertThat(r.ackArgs("typed")).containsExactly(
                    JsClient.expected("{'text':'hi','count':3,'tags':['a','b'],"
                            + "'author':{'name':'Ann','admin':true},'score':null}"),
                    JsClient.expected("{'name':'Ann','admin':true}"));
            assertThat(r.ackArgs("typedList")).containsExactly(2L, "Bob");
            assertThat(r.ackArgs("anyArg")).containsExactly("Cy", 12L);
            assertThat(r.json().getJsonObject("acks")).doesNotContainKey("unmapped");
            assertThat(r.event("main", "record")).containsExactly(
                    JsClient.expected("{'text':'from server','count':2,'tags':['x'],"
                            + "'author':{'name':'Srv','admin':false},'score':0.5}"),
                    JsClient.expected("{'inside':{'name':'Nested','admin':true}}"));
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void eventsArriveInOrderAndNeverConcurrentlyForOneSocket(TransportMode mode) {
        int count = 200;
        Queue<Long> order = new ConcurrentLinkedQueue<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.on("seq", e -> {
                if (inFlight.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                threads.add(Thread.currentThread().getName());
                // Stay a little while, to give a concurrent delivery a chance to show.
                for (int k = 0; k < 2_000; k++) {
                    if (inFlight.get() != 1) {
                        overlaps.incrementAndGet();
                    }
                    Thread.onSpinWait();
                }
                order.add(e.arg(0, Long.class));
                s.emit("seq-back", e.args().get(0));
                inFlight.decrementAndGet();
            });
            s.on("sync", e -> e.ack(order.size()));
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .withoutUpgradeWait() // in UPGRADE mode, the events cross the upgrade
                    .connect("main", "/")
                    .emitMany("main", "seq", count)
                    .emitWithAck("main", "sync", "[]", "sync")
                    .awaitEvent("main", "seq-back", count)
                    .run();

            List<Long> expected = LongStream.range(0, count).boxed().collect(Collectors.toList());
            assertThat(r.ackArgs("sync")).containsExactly((long) count);
            assertThat(order).containsExactlyElementsOf(expected);
            assertThat(overlaps).hasValue(0);
            // a mix of reading threads and the pool (CallbackDispatch): in order all the same
            assertThat(threads).isNotEmpty();
            assertThat(r.events("main", "seq-back")).containsExactlyElementsOf(
                    IntStream.range(0, count).mapToObj(i -> List.<Object>of((long) i))
                            .collect(Collectors.toList()));
        }
    }

    /** Runs each action and tells how many threw IllegalArgumentException. */
    private static String refusals(Runnable... actions) {
        long refused = Arrays.stream(actions).filter(a -> {
            try {
                a.run();
                return false;
            } catch (IllegalArgumentException expected) {
                return true;
            }
        }).count();
        return refused + " of " + actions.length + " refused";
    }
}
