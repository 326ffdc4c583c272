package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.SocketIoTestServer;
import io.github.socketiojakarta.testing.TransportMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Binary arguments (attachments) both ways with the official JavaScript client over each
 * transport mode: ArrayBuffer, Uint8Array and Buffer from the client, {@code byte[]} and
 * {@link ByteBuffer} from the server, nested anywhere, in events and in acks.
 */
class BinaryTest {

    /** 3000 bytes with every value. */
    private static final byte[] LARGE = pattern(3000);

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void clientBinaryArrivesAsByteArraysInPlace(TransportMode mode) throws Exception {
        CompletableFuture<List<Object>> nested = new CompletableFuture<>();
        CompletableFuture<List<Object>> many = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.on("nested", e -> {
                nested.complete(e.args().values());
                s.emit("nested", e.args().values().toArray()); // echoed: binary stays binary
            });
            s.on("many", e -> {
                many.complete(e.args().values());
                e.ack(e.args().size());
            });
        }))) {
            String nestedArgs = "[{'a':{'$bin':[1,2,3],'$as':'arraybuffer'},"
                    + "'nested':{'u':{'$bin':[255,0,128],'$as':'uint8array'},"
                    + "'list':[{'$bin':[9],'$as':'buffer'},'text',{'$bin':[],'$as':'arraybuffer'}]}},"
                    + "[{'$bin':[7,7],'$as':'buffer'}],"
                    + bin(LARGE, "uint8array") + ",'plain',5]";
            // Ten attachments: the decoder's default limit, all accepted and in order.
            String manyArgs = IntStream.range(0, 10)
                    .mapToObj(i -> "{'$bin':[" + i + "," + (i * 10) + "],'$as':'"
                            + List.of("arraybuffer", "uint8array", "buffer").get(i % 3) + "'}")
                    .collect(Collectors.joining(",", "[", "]"));
            JsClient.Result r = JsClient.of(server, mode)
                    .withoutUpgradeWait() // in UPGRADE mode, attachments cross the upgrade
                    .connect("main", "/")
                    .emit("main", "nested", nestedArgs)
                    .emitWithAck("main", "many", manyArgs, "many")
                    .awaitEvent("main", "nested", 1)
                    .run();

            List<Object> got = nested.get(5, TimeUnit.SECONDS);
            Map<?, ?> first = (Map<?, ?>) got.get(0);
            assertThat(first.get("a")).isEqualTo(new byte[] {1, 2, 3});
            Map<?, ?> inner = (Map<?, ?>) first.get("nested");
            assertThat(inner.get("u")).isEqualTo(new byte[] {(byte) 255, 0, (byte) 128});
            List<?> list = (List<?>) inner.get("list");
            assertThat(list.get(0)).isEqualTo(new byte[] {9});
            assertThat(list.get(1)).isEqualTo("text");
            assertThat(list.get(2)).isEqualTo(new byte[0]);
            assertThat((List<?>) got.get(1)).hasSize(1).first().isEqualTo(new byte[] {7, 7});
            assertThat(got.get(2)).isEqualTo(LARGE);
            assertThat(got.subList(3, 5)).containsExactly("plain", 5L);
            assertThat(JsClient.plain(got)).isEqualTo(JsClient.expected(nestedArgs));
            // The server's echo: the client gets binary at the same places.
            assertThat(r.event("main", "nested")).isEqualTo(JsClient.expected(nestedArgs));
            // On the wire: a BINARY_EVENT header with 6 attachments, then the 6 attachments.
            assertThat(r.frames()).containsSubsequence("56-", "<binary 3>", "<binary 3>",
                    "<binary 1>", "<binary 0>", "<binary 2>", "<binary 3000>");

            List<Object> tenBinaries = many.get(5, TimeUnit.SECONDS);
            assertThat(tenBinaries).hasSize(10);
            for (int i = 0; i < 10; i++) {
                assertThat(tenBinaries.get(i)).isEqualTo(new byte[] {(byte) i, (byte) (i * 10)});
            }
            assertThat(r.ackArgs("many")).containsExactly(10L);
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void serverByteArraysAndByteBuffersArriveAsBinaryInPlace(TransportMode mode) {
        ByteBuffer window = ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4, 5}, 2, 3); // 2, 3, 4
        ByteBuffer direct = ByteBuffer.allocateDirect(2).put((byte) 6).put((byte) 7).flip();
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("bytes", new byte[] {1, 2});
        value.put("window", window);
        value.put("list", List.of(new byte[] {(byte) 200}, "x", ByteBuffer.allocate(0)));
        value.put("deep", Map.of("deeper", List.of(Map.of("direct", direct))));
        // Ten attachments: the most the official client accepts in one packet (it closes the
        // connection with "parse error" on more).
        List<Object> ten = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ten.add(new byte[] {(byte) i});
        }
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.emit("fromServer", value, new byte[0], LARGE, "text", 1);
            s.emit("ten", ten.toArray());
            s.emit("broadcastToo", new byte[] {42}); // the same through a broadcast
            io.emit("broadcast", Map.of("b", new byte[] {43}));
        }))) {
            JsClient.Result r = JsClient.of(server, mode)
                    .connect("main", "/")
                    .awaitEvent("main", "broadcast", 1)
                    .run();

            assertThat(r.event("main", "fromServer")).isEqualTo(JsClient.expected("["
                    + "{'bytes':{'$bin':[1,2]},'window':{'$bin':[2,3,4]},"
                    + "'list':[{'$bin':[200]},'x',{'$bin':[]}],"
                    + "'deep':{'deeper':[{'direct':{'$bin':[6,7]}}]}},"
                    + "{'$bin':[]}," + bin(LARGE, null) + ",'text',1]"));
            assertThat(r.event("main", "ten")).isEqualTo(JsClient.plain(ten));
            assertThat(r.event("main", "broadcastToo")).isEqualTo(JsClient.expected("[{'$bin':[42]}]"));
            assertThat(r.event("main", "broadcast")).isEqualTo(JsClient.expected("[{'b':{'$bin':[43]}}]"));
            assertThat(r.frames().stream().filter(f -> !f.startsWith("<"))
                    .collect(Collectors.toList())).containsExactly("0", "57-", "510-", "51-", "51-");
            assertThat(r.frames()).containsSubsequence("57-", "<binary 2>", "<binary 3>",
                    "<binary 1>", "<binary 0>", "<binary 2>", "<binary 0>", "<binary 3000>", "510-");
            // Sending leaves the buffers as they were.
            assertThat(window.position()).isEqualTo(2);
            assertThat(window.remaining()).isEqualTo(3);
            assertThat(direct.position()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TransportMode.class)
    void binaryTravelsInAcksBothWays(TransportMode mode) throws Exception {
        CompletableFuture<Arguments> answer = new CompletableFuture<>();
        try (SocketIoTestServer server = SocketIoTestServer.start(io -> io.onConnection(s -> {
            s.on("reverse", e -> {
                byte[] in = e.arg(0, byte[].class);
                byte[] out = new byte[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[in.length - 1 - i];
                }
                e.ack(out, Map.of("copy", ByteBuffer.wrap(in), "n", in.length), "text");
            });
            s.on("ready", e -> s.emitWithAck("giveBinary", "please").whenComplete((args, err) -> {
                if (err != null) {
                    answer.completeExceptionally(err);
                    return;
                }
                answer.complete(args);
                s.emit("gotBinary", args.values().toArray());
            }));
        }))) {
            String clientAnswer = "[{'$bin':[10,20],'$as':'arraybuffer'},"
                    + "{'nested':[{'$bin':[30],'$as':'buffer'},{'$bin':[40,50,60],'$as':'uint8array'}]}]";
            JsClient.Result r = JsClient.of(server, mode)
                    .answer("giveBinary", "{'values':" + clientAnswer + "}")
                    .connect("main", "/")
                    .emitWithAck("main", "reverse", "[{'$bin':[1,2,3,255],'$as':'uint8array'}]", "reverse")
                    .emit("main", "ready", "[]")
                    .awaitEvent("main", "gotBinary", 1)
                    .run();

            assertThat(r.ackArgs("reverse")).isEqualTo(JsClient.expected(
                    "[{'$bin':[255,3,2,1]},{'copy':{'$bin':[1,2,3,255]},'n':4},'text']"));
            Arguments got = answer.get(5, TimeUnit.SECONDS);
            assertThat(got.get(0)).isEqualTo(new byte[] {10, 20});
            assertThat(JsClient.plain(got.values())).isEqualTo(JsClient.expected(clientAnswer));
            assertThat(r.event("main", "gotBinary")).isEqualTo(JsClient.expected(clientAnswer));
            // BINARY_ACK with 2 attachments for the client's ack id 0; plain EVENT with an ack id
            // for the server's question; BINARY_EVENT for the forwarded answer.
            assertThat(r.frames().stream().filter(f -> !f.startsWith("<"))
                    .collect(Collectors.toList())).containsExactly("0", "62-0", "20", "53-");
            assertThat(r.eventAckFlags("main", "giveBinary")).containsExactly(true);
        }
    }

    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    /** A binary marker for the script; {@code as} null for the result form. */
    private static String bin(byte[] bytes, String as) {
        StringBuilder sb = new StringBuilder("{'$bin':[");
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(bytes[i] & 0xff);
        }
        sb.append(']');
        if (as != null) {
            sb.append(",'$as':'").append(as).append('\'');
        }
        return sb.append('}').toString();
    }
}
