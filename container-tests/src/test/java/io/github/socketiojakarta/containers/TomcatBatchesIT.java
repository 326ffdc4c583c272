package io.github.socketiojakarta.containers;

/**
 * {@link BatchesWarIT} on standalone Tomcat with its default WebSocket: the servlet upgrade and
 * the library's own non-blocking batched writes.
 */
class TomcatBatchesIT extends BatchesWarIT {
    @Override
    Container newContainer() {
        return Tomcat.fromBuild("tomcat-batches");
    }

    @Override
    String expectedWritePath() {
        return "servlet upgrade, the library's own RFC 6455 with non-blocking batched writes";
    }
}
