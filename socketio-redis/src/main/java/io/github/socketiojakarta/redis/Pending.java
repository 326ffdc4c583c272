package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.SocketDetails;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One of this node's requests waiting for the other nodes' answers: how many it expects was
 * counted ({@code PUBSUB NUMSUB}) when it was sent, so a node that leaves before answering makes
 * it fail at its timeout, with the Node.js adapter's error. Answers are accepted on the factory's
 * worker thread; the methods are synchronized because the requester's own part may be added
 * from another thread.
 */
interface Pending {

    /**
     * Takes one answer.
     *
     * @return whether the request is complete and can be forgotten
     */
    boolean accept(Map<String, Object> response) throws MessageCodecException;

    /** The error that fails the request when its time is up (Node.js's message). */
    default Throwable timeout() {
        return new TimeoutException("timeout reached");
    }

    /** The adapter closes: fail what is still waiting. */
    void cancel();

    /** fetchSockets: one answer per node, this node counted as the first (as Node.js). */
    final class Fetch implements Pending {
        private final int numSub;
        private int msgCount = 1;
        private final List<SocketDetails> sockets = new ArrayList<>();
        private final CompletableFuture<List<SocketDetails>> result;

        Fetch(int numSub, CompletableFuture<List<SocketDetails>> result) {
            this.numSub = numSub;
            this.result = result;
        }

        synchronized void addAll(List<SocketDetails> own) {
            sockets.addAll(own);
        }

        @Override
        public synchronized boolean accept(Map<String, Object> response)
                throws MessageCodecException {
            Object list = response.get("sockets");
            if (!(list instanceof List<?> remote)) {
                throw new MessageCodecException("fetchSockets answer without sockets");
            }
            for (Object o : remote) {
                sockets.add(details(ClassicMessages.map(o, "socket")));
            }
            if (++msgCount == numSub) {
                result.complete(List.copyOf(sockets));
                return true;
            }
            return false;
        }

        @Override
        public Throwable timeout() {
            return new TimeoutException("timeout reached while waiting for fetchSockets response");
        }

        @Override
        public void cancel() {
            result.completeExceptionally(new CancellationException("adapter closed"));
        }

        /** {@code {id, handshake, rooms, data}} of another node (data not a map: empty). */
        @SuppressWarnings("unchecked")
        static SocketDetails details(Map<String, Object> s) throws MessageCodecException {
            Object handshake = s.get("handshake");
            Object data = s.get("data");
            return new SocketDetails(ClassicMessages.string(s.get("id"), "socket id"),
                    handshake instanceof Map<?, ?> h ? (Map<String, Object>) h : Map.of(),
                    ClassicMessages.strings(s.get("rooms"), "rooms"),
                    data instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of());
        }

        /** The wire form of this node's socket. */
        static Map<String, Object> wire(SocketDetails d) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("handshake", d.handshake());
            m.put("rooms", new ArrayList<>(d.rooms()));
            m.put("data", d.data());
            return m;
        }
    }

    /** allRooms: one answer per node, this node counted as the first (as Node.js). */
    final class Rooms implements Pending {
        private final int numSub;
        private int msgCount = 1;
        private final Set<String> rooms = new TreeSet<>();
        private final CompletableFuture<Set<String>> result;

        Rooms(int numSub, Set<String> own, CompletableFuture<Set<String>> result) {
            this.numSub = numSub;
            this.result = result;
            rooms.addAll(own);
        }

        @Override
        public synchronized boolean accept(Map<String, Object> response)
                throws MessageCodecException {
            rooms.addAll(ClassicMessages.strings(response.get("rooms"), "rooms"));
            if (++msgCount == numSub) {
                result.complete(java.util.Collections.unmodifiableSet(new TreeSet<>(rooms)));
                return true;
            }
            return false;
        }

        @Override
        public Throwable timeout() {
            return new TimeoutException("timeout reached while waiting for allRooms response");
        }

        @Override
        public void cancel() {
            result.completeExceptionally(new CancellationException("adapter closed"));
        }
    }

    /** A server-side event with acks: one answer (its first argument) per other node. */
    final class ServerSideAcks implements Pending {
        private final int expected;
        private final List<List<Object>> responses = new ArrayList<>();
        private final CompletableFuture<List<List<Object>>> result;

        ServerSideAcks(int expected, CompletableFuture<List<List<Object>>> result) {
            this.expected = expected;
            this.result = result;
        }

        @Override
        public synchronized boolean accept(Map<String, Object> response) {
            if (ClassicMessages.type(response) != ClassicMessages.SERVER_SIDE_EMIT) {
                return false;
            }
            responses.add(Arrays.asList(response.get("data")));
            if (responses.size() == expected) {
                result.complete(List.copyOf(responses));
                return true;
            }
            return false;
        }

        /** Node.js: {@code ack(new Error("timeout reached: only X ..."), responses)}. */
        @Override
        public synchronized Throwable timeout() {
            return new ServerSideEmitTimeoutException(responses.size(), expected, responses);
        }

        @Override
        public void cancel() {
            result.completeExceptionally(new CancellationException("adapter closed"));
        }
    }

    /**
     * A broadcast with acks: every node's client count, then each client's ack. Forgotten after
     * the broadcast's timeout; the server's operator decides when it is complete.
     */
    record BroadcastAcks(IntConsumer clientCount, Consumer<List<Object>> onAck)
            implements Pending {
        @Override
        public boolean accept(Map<String, Object> response) throws MessageCodecException {
            switch (ClassicMessages.type(response)) {
                case ClassicMessages.BROADCAST_CLIENT_COUNT -> {
                    if (!(response.get("clientCount") instanceof Long n)) {
                        throw new MessageCodecException("clientCount is not an integer");
                    }
                    clientCount.accept(n.intValue());
                }
                case ClassicMessages.BROADCAST_ACK ->
                        onAck.accept(Arrays.asList(response.get("packet")));
                default -> {
                    // not an answer to a broadcast
                }
            }
            return false;
        }

        @Override
        public void cancel() {
            // the server's operator times out on its own
        }
    }
}
