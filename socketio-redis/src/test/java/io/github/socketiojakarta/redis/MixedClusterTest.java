package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import java.util.List;

/**
 * The mixed-cluster scenario with one Node.js reference node and two Java fixture nodes (the main
 * class of scripts/cluster-server, this JVM's classpath): every operation started on a Node.js
 * node and on a Java node, checked on the clients of both kinds of node.
 */
class MixedClusterTest extends MixedClusterScenario {
    @Override
    List<Kind> kinds() {
        return List.of(Kind.NODE, Kind.JAVA, Kind.JAVA);
    }
}
