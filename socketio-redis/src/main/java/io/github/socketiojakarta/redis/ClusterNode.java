package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.adapter.BroadcastOptions;
import java.util.Map;
import java.util.Set;

/**
 * What {@link ClusterRequests} needs of an adapter speaking socket.io-adapter's
 * {@code ClusterAdapter} protocol (the sharded adapter, the Redis Streams adapter): its uid, how
 * it joins or leaves local sockets, where answers to its own requests go and how it publishes an
 * answer to another node's request.
 */
interface ClusterNode {

    /** This node's uid in the namespace's messages. */
    String uid();

    /** Joins or leaves the selected local sockets. */
    void applyRooms(BroadcastOptions options, Set<String> rooms, boolean join);

    /** An answer to one of this node's requests. */
    void onResponse(ClusterMessages.Envelope response) throws MessageCodecException;

    /** Publishes an answer to the node of uid {@code requesterUid}. */
    void publishResponse(String requesterUid, MessageType type, Map<String, Object> data);
}
