package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.testing.RawSioPolling;
import io.github.socketiojakarta.testing.RawSioWs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Raw clients for the connection state recovery tests: a peer that speaks Socket.IO packet
 * texts over polling or WebSocket, and the steps of a first connection that is lost.
 */
final class RecoveryPeers {
    private RecoveryPeers() {}

    /** The raw transports. */
    enum Transport { POLLING, WEBSOCKET }

    /** A raw client speaking Socket.IO packet texts, over either transport. */
    static final class Peer implements AutoCloseable {
        private final RawSioPolling polling;
        private final RawSioWs ws;
        private final List<String> pending = new ArrayList<>();
        private boolean lost;

        Peer(Transport t, int port) {
            polling = t == Transport.POLLING ? RawSioPolling.open(port) : null;
            ws = t == Transport.WEBSOCKET ? RawSioWs.open(port) : null;
        }

        String engineId() {
            return polling != null ? polling.sid() : ws.sid();
        }

        void send(String packet) {
            if (polling != null) {
                assertThat(polling.post("4" + packet).body()).isEqualTo("ok");
            } else {
                ws.send(packet);
            }
        }

        /** The next {@code n} Socket.IO packets. */
        List<String> read(int n) {
            while (pending.size() < n) {
                if (polling != null) {
                    for (String p : RawSioPolling.packets(polling.get())) {
                        if (p.equals("2")) {
                            polling.post("3");
                        } else {
                            assertThat(p).startsWith("4");
                            pending.add(p.substring(1));
                        }
                    }
                } else {
                    pending.add(ws.next());
                }
            }
            List<String> out = new ArrayList<>(pending.subList(0, n));
            pending.subList(0, n).clear();
            return out;
        }

        String read() {
            return read(1).get(0);
        }

        /** The transport closes from the client's side (server reason: transport close). */
        void lose() {
            if (!lost) {
                lost = true;
                if (polling != null) {
                    polling.post("1");
                    // the last poll a closing session waits for (as the client's "close" has)
                    polling.get();
                } else {
                    ws.close();
                }
            }
        }

        @Override
        public void close() {
            // closed by the client, so that stopping the server has no session to wait for
            lose();
        }
    }

    /** What the reference's tests keep of a first connection: ids and the last offset. */
    record Lost(String sid, String pid, String offset) {
        String auth() {
            return "{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}";
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> connectAnswer(String packet, String nsp) {
        String head = "/".equals(nsp) ? "0" : "0" + nsp + ",";
        assertThat(packet).startsWith(head + "{");
        return (Map<String, Object>) parse(packet.substring(head.length()));
    }

    @SuppressWarnings("unchecked")
    static List<Object> eventArgs(String packet) {
        int at = packet.indexOf('[');
        return (List<Object>) parse(packet.substring(at));
    }

    static Object parse(String json) {
        try {
            return Json.parse(json);
        } catch (Exception e) {
            throw new AssertionError(json, e);
        }
    }

    /**
     * What the reference's init() does: connect, get one broadcast (and its offset), lose the
     * connection; returns once the server saw the socket go.
     */
    static Lost connectAndLose(SocketIoServer io, Peer peer) {
        peer.send("0");
        Map<String, Object> answer = connectAnswer(peer.read(), "/");
        String sid = (String) answer.get("sid");
        io.emit("hello");
        List<Object> args = eventArgs(peer.read());
        assertThat(args).hasSize(2).first().isEqualTo("hello");
        peer.lose();
        await().until(() -> io.of("/").adapter().socketRooms(sid).isEmpty()
                && io.of("/").sockets().isEmpty());
        return new Lost(sid, (String) answer.get("pid"), (String) args.get(1));
    }

    static long sessionsKept(SocketIoServer io, String nsp) {
        return ((InMemoryAdapter) io.of(nsp).adapter()).recoveryStoreSize()[2];
    }
}
