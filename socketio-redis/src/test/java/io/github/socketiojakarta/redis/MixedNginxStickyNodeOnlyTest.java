package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import java.util.List;

/**
 * The nginx scenario with two Node.js reference nodes (cluster-server.mjs): proves the
 * scenario's expectations, and the nginx template, against socket.io 4.8 itself.
 */
class MixedNginxStickyNodeOnlyTest extends MixedNginxStickyScenario {
    @Override
    List<Kind> kinds() {
        return List.of(Kind.NODE, Kind.NODE);
    }
}
