package io.github.socketiojakarta.example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

/**
 * Runs the example WAR (its exploded directory) on embedded Tomcat with Weld and Yasson from
 * the class path, as a standalone Tomcat with those libraries would. The chat's page is at
 * {@code http://localhost:<port>/}.
 */
public final class ChatLauncher implements AutoCloseable {
    private final Tomcat tomcat;
    private final int port;

    private ChatLauncher(Tomcat tomcat, int port) {
        this.tomcat = tomcat;
        this.port = port;
    }

    /**
     * Deploys the exploded WAR at the root context.
     *
     * @param port the port (0: any free one), on all interfaces when {@code public} is true,
     *     else loopback
     * @param warDir the exploded WAR, e.g. {@code target/example-war-0.1.0-SNAPSHOT}
     */
    public static ChatLauncher start(int port, Path warDir, boolean loopbackOnly)
            throws IOException, LifecycleException {
        if (!Files.isDirectory(warDir.resolve("WEB-INF"))) {
            throw new IllegalArgumentException(warDir + " is not an exploded WAR; run mvn package");
        }
        Path base = Files.createTempDirectory("chat-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        if (loopbackOnly) {
            connector.setProperty("address", "127.0.0.1");
        }
        tomcat.setConnector(connector);
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context ctx = tomcat.addWebapp("", warDir.toAbsolutePath().toString());
        Wrapper files = Tomcat.addServlet(ctx, "default", new DefaultServlet());
        files.setLoadOnStartup(1);
        ctx.addServletMappingDecoded("/", "default");
        ctx.addWelcomeFile("index.html");
        Tomcat.addDefaultMimeTypeMappings(ctx);
        tomcat.start();
        return new ChatLauncher(tomcat, connector.getLocalPort());
    }

    /** The port. */
    public int port() {
        return port;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    /**
     * @param args the port (default 8080) and the exploded WAR directory
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Path war = args.length > 1 ? Path.of(args[1])
                : Path.of("example-war/target/example-war-0.1.0-SNAPSHOT");
        ChatLauncher chat = start(port, war, false);
        System.out.println();
        System.out.println("Jakarta Socket.IO chat: http://localhost:" + chat.port() + "/");
        System.out.println("(Ctrl+C to stop)");
        chat.tomcat.getServer().await();
    }

}
