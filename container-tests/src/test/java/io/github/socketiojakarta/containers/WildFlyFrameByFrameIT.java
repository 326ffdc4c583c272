package io.github.socketiojakarta.containers;

/**
 * {@link BatchesWarIT} on WildFly with Undertow batching switched off
 * ({@code -Dio.github.socketiojakarta.undertowBatching=false}): the plain frame-by-frame path
 * passes the same checks, so the switch is a safe way back.
 */
class WildFlyFrameByFrameIT extends BatchesWarIT {
    @Override
    Container newContainer() {
        return WildFly.fromBuild("wildfly-frames")
                .withSystemProperty("io.github.socketiojakarta.undertowBatching", "false");
    }

    @Override
    String expectedWritePath() {
        return "Undertow batching switched off";
    }
}
