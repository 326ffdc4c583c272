package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import java.util.List;

/**
 * The mixed-cluster scenario with {@code ADAPTER=redis-streams} and connection state recovery on:
 * one Node.js reference node and two Java fixture nodes, the offsets broadcast events carry
 * checked too.
 */
class MixedClusterStreamsTest extends MixedClusterScenario {
    @Override
    String adapter() {
        return "redis-streams";
    }

    @Override
    List<Kind> kinds() {
        return List.of(Kind.NODE, Kind.JAVA, Kind.JAVA);
    }
}
