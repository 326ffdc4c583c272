package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import java.util.List;

/**
 * The mixed-cluster scenario with {@code ADAPTER=redis-streams} on three Node.js reference nodes:
 * proves the scenario's expectations (offsets included) against the reference itself.
 */
class MixedClusterStreamsNodeOnlyTest extends MixedClusterScenario {
    @Override
    String adapter() {
        return "redis-streams";
    }

    @Override
    List<Kind> kinds() {
        return List.of(Kind.NODE, Kind.NODE, Kind.NODE);
    }
}
