package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.SocketDetails;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * One of this node's requests waiting for the other nodes' answers, counted as
 * {@code ClusterAdapter#onResponse} counts them: a fetchSockets or server-side event completes
 * when {@code expected} ({@code serverCount() - 1}) answers have arrived, whoever sent them.
 * Answers arrive on the factory's worker thread; the methods are synchronized because the
 * requester's own part and the timeout may come from other threads.
 */
sealed interface ClusterPending {

    /**
     * Takes one answer of the request's response type.
     *
     * @return whether the request is complete and can be forgotten
     */
    boolean accept(MessageType type, Map<String, Object> data) throws MessageCodecException;

    /** The adapter closes: fail what is still waiting. */
    void cancel();

    /**
     * Hands an answer of another node to the request of this node it answers (answers to
     * unknown requests, and messages that are not answers, are ignored, as Node.js does); a
     * request that is complete is forgotten.
     *
     * @param requests fetchSockets and server-side events waiting, by request id
     * @param ackRequests broadcasts with acks waiting, by request id (forgotten by their timer)
     */
    static void answer(ClusterMessages.Envelope response, Map<String, ClusterPending> requests,
            Map<String, BroadcastAcks> ackRequests) throws MessageCodecException {
        String requestId = response.requestId();
        if (requestId == null || response.type() == null) {
            return;
        }
        switch (response.type()) {
            case BROADCAST_CLIENT_COUNT, BROADCAST_ACK -> {
                ClusterPending request = ackRequests.get(requestId);
                if (request != null) {
                    request.accept(response.type(), response.data());
                }
            }
            case FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT_RESPONSE -> {
                ClusterPending request = requests.get(requestId);
                if (request != null && request.accept(response.type(), response.data())) {
                    requests.remove(requestId);
                }
            }
            default -> {
                // not a response type
            }
        }
    }

    /** fetchSockets: the local sockets, then the sockets of each other node. */
    final class Fetch implements ClusterPending {
        private final int expected;
        private int current;
        private final List<SocketDetails> sockets;
        final CompletableFuture<List<SocketDetails>> result = new CompletableFuture<>();

        Fetch(int expected, List<SocketDetails> local) {
            this.expected = expected;
            this.sockets = new ArrayList<>(local);
        }

        @Override
        public synchronized boolean accept(MessageType type, Map<String, Object> data)
                throws MessageCodecException {
            if (type != MessageType.FETCH_SOCKETS_RESPONSE) {
                return false;
            }
            if (!(data.get("sockets") instanceof List<?> remote)) {
                throw new MessageCodecException("fetchSockets answer without sockets");
            }
            List<SocketDetails> read = new ArrayList<>(remote.size());
            for (Object o : remote) {
                read.add(Pending.Fetch.details(ClassicMessages.map(o, "socket")));
            }
            sockets.addAll(read);
            if (++current == expected) {
                result.complete(List.copyOf(sockets));
                return true;
            }
            return false;
        }

        synchronized void timeout() {
            result.completeExceptionally(new TimeoutException("timeout reached: only "
                    + current + " responses received out of " + expected));
        }

        @Override
        public void cancel() {
            result.completeExceptionally(new CancellationException("adapter closed"));
        }
    }

    /** A server-side event with acks: one answer (its first argument) per other node. */
    final class ServerSideAcks implements ClusterPending {
        private final int expected;
        private final List<List<Object>> responses = new ArrayList<>();
        final CompletableFuture<List<List<Object>>> result = new CompletableFuture<>();

        ServerSideAcks(int expected) {
            this.expected = expected;
        }

        @Override
        public synchronized boolean accept(MessageType type, Map<String, Object> data) {
            if (type != MessageType.SERVER_SIDE_EMIT_RESPONSE) {
                return false;
            }
            responses.add(Arrays.asList(data.get("packet")));
            if (responses.size() == expected) {
                result.complete(List.copyOf(responses));
                return true;
            }
            return false;
        }

        synchronized void timeout() {
            result.completeExceptionally(new TimeoutException("timeout reached: only "
                    + responses.size() + " responses received out of " + expected));
        }

        @Override
        public void cancel() {
            result.completeExceptionally(new CancellationException("adapter closed"));
        }
    }

    /**
     * A broadcast with acks: each node's client count, then each client's ack. Forgotten after
     * the broadcast's timeout; the server's operator decides when it is complete.
     */
    record BroadcastAcks(IntConsumer clientCount, Consumer<List<Object>> onAck)
            implements ClusterPending {
        @Override
        public boolean accept(MessageType type, Map<String, Object> data)
                throws MessageCodecException {
            if (type == MessageType.BROADCAST_CLIENT_COUNT) {
                if (!(data.get("clientCount") instanceof Long n)) {
                    throw new MessageCodecException("clientCount is not an integer");
                }
                clientCount.accept(n.intValue());
            } else if (type == MessageType.BROADCAST_ACK) {
                onAck.accept(Arrays.asList(data.get("packet")));
            }
            return false;
        }

        @Override
        public void cancel() {
            // the server's operator times out on its own
        }
    }
}
