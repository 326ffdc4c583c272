package io.github.socketiojakarta.redis;

import io.github.socketiojakarta.redis.FixtureNode.Kind;
import java.util.List;

/**
 * The nginx scenario with two Java fixture nodes (the main class of scripts/cluster-server,
 * {@code ADAPTER=redis}) behind nginx configured with docs/nginx-sticky.conf.
 */
class MixedNginxStickyTest extends MixedNginxStickyScenario {
    @Override
    List<Kind> kinds() {
        return List.of(Kind.JAVA, Kind.JAVA);
    }
}
