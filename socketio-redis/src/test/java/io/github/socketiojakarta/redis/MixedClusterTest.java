package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import java.util.List;
import java.util.Map;

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

    @Override
    Map<String, String> knownDifferences() {
        return Map.of("sockets without a user", "the Java server's socket.data is a map without "
                + "null values, so a socket without a user has no \"user\" key; the Java "
                + "fixture shows it as null in its own whoami/fetch answers, but fetchSockets on "
                + "a Node.js node gets the data without it");
    }
}
