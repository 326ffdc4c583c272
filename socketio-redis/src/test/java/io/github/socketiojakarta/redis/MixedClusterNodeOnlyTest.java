package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import java.util.List;

/**
 * The mixed-cluster scenario with three Node.js reference nodes (cluster-server.mjs): proves the
 * scenario's expectations against socket.io 4.8 + @socket.io/redis-adapter 8.3 themselves.
 */
class MixedClusterNodeOnlyTest extends MixedClusterScenario {
    @Override
    List<Kind> kinds() {
        return List.of(Kind.NODE, Kind.NODE, Kind.NODE);
    }
}
