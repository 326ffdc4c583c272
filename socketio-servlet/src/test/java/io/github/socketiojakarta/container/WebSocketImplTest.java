package io.github.socketiojakarta.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * How WebSockets are served, per container and setting: the servlet upgrade is the default on
 * Tomcat and refused elsewhere (JSR-356 serves there, with a warning), whoever asks for it.
 */
class WebSocketImplTest {
    private static final String TOMCAT = "Apache Tomcat/11.0.15";
    private static final String WILDFLY = "WildFly Full 38.0.1.Final (WildFly Core 30.0.0.Final)"
            + " - 2.3.20.Final";

    @Test
    void defaultsAreTheServletUpgradeOnTomcatAndJsr356Elsewhere() {
        assertThat(WebSocketImpl.choose(null, null, TOMCAT)).isEqualTo(WebSocketImpl.SERVLET);
        assertThat(WebSocketImpl.choose(null, " ", WILDFLY)).isEqualTo(WebSocketImpl.JSR356);
        assertThat(WebSocketImpl.choose(null, null, null)).isEqualTo(WebSocketImpl.JSR356);
    }

    @Test
    void theContextParameterWinsOverTheSystemProperty() {
        assertThat(WebSocketImpl.choose("jsr356", "servlet", TOMCAT))
                .isEqualTo(WebSocketImpl.JSR356);
        assertThat(WebSocketImpl.choose(" Servlet ", "jsr356", TOMCAT))
                .isEqualTo(WebSocketImpl.SERVLET);
        assertThat(WebSocketImpl.choose("", "JSR-356", TOMCAT)).isEqualTo(WebSocketImpl.JSR356);
    }

    @Test
    void theServletUpgradeAskedForOutsideTomcatIsRefusedForJsr356() {
        assertThat(WebSocketImpl.choose("servlet", null, WILDFLY)).isEqualTo(WebSocketImpl.JSR356);
        assertThat(WebSocketImpl.choose(null, "servlet", "Jetty/12")).isEqualTo(WebSocketImpl.JSR356);
    }

    @Test
    void anUnknownValueFailsEverywhere() {
        assertThatThrownBy(() -> WebSocketImpl.choose("netty", null, WILDFLY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("socketio.websocket: netty is not servlet or jsr356");
    }
}
