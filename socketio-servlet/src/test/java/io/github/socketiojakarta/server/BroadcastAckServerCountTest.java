package io.github.socketiojakarta.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.BroadcastOptions;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.OutboundPacket;
import io.github.socketiojakarta.adapter.SocketDetails;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * A broadcast with acks waits for one client count from each node the adapter counts when the
 * broadcast is made ({@link Adapter#countServers()}, asked then, as the reference awaits its
 * adapter's count), not from the nodes a stale {@link Adapter#serverCount()} remembers: a node
 * that joined the cluster a moment ago answers too.
 */
class BroadcastAckServerCountTest {

    /** One node's rooms, in a cluster whose size the test decides. */
    private static final class TwoNodes implements Adapter {
        final InMemoryAdapter local;
        final CompletableFuture<Integer> count = new CompletableFuture<>();
        volatile IntConsumer clientCounts;

        TwoNodes(InMemoryAdapter local) {
            this.local = local;
        }

        @Override
        public int serverCount() {
            return 1; // what it knew before the other node came
        }

        @Override
        public CompletableFuture<Integer> countServers() {
            return count;
        }

        @Override
        public void broadcastWithAck(OutboundPacket packet, long ackId, BroadcastOptions options,
                IntConsumer clientCount, Consumer<List<Object>> onAck, Runnable onGone) {
            clientCounts = clientCount;
            local.broadcastWithAck(packet, ackId, options, clientCount, onAck, onGone);
        }

        @Override
        public void addAll(String socketId, Set<String> rooms) {
            local.addAll(socketId, rooms);
        }

        @Override
        public void del(String socketId, String room) {
            local.del(socketId, room);
        }

        @Override
        public void delAll(String socketId) {
            local.delAll(socketId);
        }

        @Override
        public void broadcast(OutboundPacket packet, BroadcastOptions options) {
            local.broadcast(packet, options);
        }

        @Override
        public Set<String> sockets(Set<String> rooms) {
            return local.sockets(rooms);
        }

        @Override
        public Set<String> socketRooms(String socketId) {
            return local.socketRooms(socketId);
        }

        @Override
        public CompletableFuture<List<SocketDetails>> fetchSockets(BroadcastOptions options) {
            return local.fetchSockets(options);
        }

        @Override
        public void addSockets(BroadcastOptions options, Set<String> rooms) {
            local.addSockets(options, rooms);
        }

        @Override
        public void delSockets(BroadcastOptions options, Set<String> rooms) {
            local.delSockets(options, rooms);
        }

        @Override
        public void disconnectSockets(BroadcastOptions options, boolean close) {
            local.disconnectSockets(options, close);
        }

        @Override
        public CompletableFuture<List<List<Object>>> serverSideEmit(List<Object> args,
                boolean withAck, long timeoutMillis) {
            return local.serverSideEmit(args, withAck, timeoutMillis);
        }
    }

    @Test
    void theBroadcastWaitsForTheCountOfANodeThatJustJoined() throws Exception {
        TwoNodes[] adapter = new TwoNodes[1];
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().adapter(nsp -> {
            adapter[0] = new TwoNodes(new InMemoryAdapter(nsp));
            return adapter[0];
        }).build());
        try {
            CompletableFuture<List<Arguments>> answers = io.timeout(Duration.ofSeconds(30))
                    .emitWithAck("question");
            // this node has no sockets: its count (0) is in, the number of nodes is not
            assertThat(answers).isNotDone();
            adapter[0].count.complete(2);
            assertThat(answers).isNotDone();
            adapter[0].clientCounts.accept(0); // the other node: no sockets either
            assertThat(answers.get(10, TimeUnit.SECONDS)).isEmpty();
        } finally {
            io.close();
        }
    }
}
