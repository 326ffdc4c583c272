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
        return "servlet upgrade to the library RFC 6455 implementation, non-blocking batched"
                + " writes";
    }
}
