package io.github.socketiojakarta.containers;

/**
 * {@link BatchesWarIT} on WildFly with {@code -Dsocketio.websocket=servlet}: the servlet
 * upgrade is supported on Tomcat only (on Undertow, a non-blocking write of an upgraded stream
 * sends its whole array whatever the offset and length, and clients got corrupt frames), so it
 * is refused with a warning and Undertow's JSR-356 batching serves: the application works, and
 * the log says why it is not what was asked for.
 */
class WildFlyServletUpgradeIT extends BatchesWarIT {
    @Override
    Container newContainer() {
        return WildFly.fromBuild("wildfly-servlet-upgrade").withSystemProperty("socketio.websocket",
                "servlet");
    }

    @Override
    String expectedWritePath() {
        return "socketio.websocket=servlet is supported on Tomcat only";
    }

    @Override
    String otherExpectedLine() {
        return "WebSocket writes: Undertow 2.";
    }
}
