package io.github.socketiojakarta.containers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What each WAR bundles: the one for full EE servers nothing the server has (CDI, JSON-B,
 * JSON-P, Servlet, WebSocket), the one for Tomcat exactly what Tomcat lacks on top of the same
 * application, the conformance fixture only the library, and the Redis WAR the library, the
 * adapter and the adapter's Redis client (Lettuce, Netty, Reactor) with nothing of the server.
 */
class WarContentsIT {

    @Test
    void theExampleWarBundlesOnlyTheLibraryTheBridgeAndTheAdminUi() throws IOException {
        assertThat(libraries("example-war.war")).containsExactlyInAnyOrder("socketio-cdi",
                "socketio-servlet", "socketio-admin", "spring-security-crypto");
    }

    @Test
    void theTomcatWarAddsCdiAndJsonBindingToTheSameApplication() throws IOException {
        Set<String> tomcat = libraries("example-war-tomcat.war");
        assertThat(tomcat).containsAll(libraries("example-war.war"))
                .contains("weld-servlet-core", "weld-core-impl", "jakarta.enterprise.cdi-api",
                        "jakarta.inject-api", "yasson", "jakarta.json.bind-api", "parsson",
                        "jakarta.json-api")
                .noneMatch(name -> name.startsWith("jakarta.servlet")
                        || name.startsWith("jakarta.websocket") || name.startsWith("jakarta.el")
                        || name.startsWith("jakarta.annotation")
                        || name.startsWith("jboss-logging-processor"));
        Set<String> application = applicationEntries("example-war.war");
        assertThat(applicationEntries("example-war-tomcat.war")).containsAll(application)
                .contains("WEB-INF/web.xml", "WEB-INF/classes/weld.properties");
        assertThat(application).contains("WEB-INF/beans.xml", "index.html",
                "js/socket.io.min.js");
    }

    @Test
    void theConformanceWarBundlesOnlyTheLibrary() throws IOException {
        assertThat(libraries("conformance-war.war")).containsExactly("socketio-servlet");
    }

    @Test
    void theClusterWarBundlesTheLibraryTheRedisAdapterAndItsClientOnly() throws IOException {
        Set<String> libraries = libraries("cluster-war.war");
        assertThat(libraries).contains("socketio-servlet", "socketio-redis", "lettuce-core",
                        "msgpack-core", "netty-common", "netty-transport", "reactor-core")
                .doesNotContain("socketio-cdi")
                .noneMatch(name -> name.startsWith("jakarta.") || name.startsWith("tomcat-"));
        assertThat(applicationEntries("cluster-war.war")).contains("WEB-INF/web.xml",
                "WEB-INF/classes/io/github/socketiojakarta/clusterwar/RelayListener.class");
    }

    /** The names of the jars in WEB-INF/lib, without version and extension. */
    private static Set<String> libraries(String war) throws IOException {
        return entries(war).stream()
                .filter(n -> n.startsWith("WEB-INF/lib/") && n.endsWith(".jar"))
                .map(n -> n.substring("WEB-INF/lib/".length()).replaceFirst("-\\d.*\\.jar$", ""))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The files of the application itself: pages, classes, descriptors. */
    private static Set<String> applicationEntries(String war) throws IOException {
        return entries(war).stream()
                .filter(n -> !n.endsWith("/") && !n.startsWith("WEB-INF/lib/")
                        && !n.startsWith("META-INF/"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> entries(String war) throws IOException {
        Path file = ConformanceWarIT.war(war);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.stream().map(ZipEntry::getName).toList();
        }
    }
}
