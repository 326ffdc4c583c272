package io.github.socketiojakarta.containers;

/**
 * {@link BatchesWarIT} on standalone Tomcat with {@code -Dsocketio.websocket=jsr356}: Tomcat's
 * JSR-356 WebSocket, written with its non-blocking batch flush.
 */
class TomcatJsrBatchesIT extends BatchesWarIT {
    @Override
    Container newContainer() {
        return Tomcat.fromBuild("tomcat-jsr-batches").withSystemProperty("socketio.websocket",
                "jsr356");
    }

    @Override
    String expectedWritePath() {
        return "batches, written with its non-blocking flush";
    }
}
