package io.github.socketiojakarta.containers;

/** {@link BatchesWarIT} on WildFly: Undertow's batched write path. */
class WildFlyBatchesIT extends BatchesWarIT {
    @Override
    Container newContainer() {
        return WildFly.fromBuild("wildfly-batches");
    }

    @Override
    String expectedWritePath() {
        return "WebSocket writes: Undertow 2.";
    }
}
