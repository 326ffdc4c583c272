package io.github.socketiojakarta.conformance;

import io.github.socketiojakarta.testing.TestServer;

/**
 * The conformance fixture on embedded Tomcat, for the official suites on a developer machine:
 * the same {@link ConformanceInitializer} the WAR runs, at the root context. Started by
 * {@code scripts/conformance-server PORT}; runs until killed.
 */
public final class ConformanceServer {
    private ConformanceServer() {}

    /**
     * @param args the port (default 3000)
     */
    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        TestServer server = TestServer.start(port, new ConformanceInitializer());
        System.out.println("conformance fixture listening on http://localhost:" + server.port());
        server.await();
    }
}
