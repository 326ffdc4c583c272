package io.github.socketiojakarta.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standalone Tomcat (the {@code tomcat} zip), started as a user does: {@code bin/catalina.sh run}
 * with {@code CATALINA_HOME} the distribution and {@code CATALINA_BASE} this run's directory
 * (its {@code conf/} copied from the distribution, {@code webapps/} empty). This run's
 * {@code server.xml} listens on a free port on 127.0.0.1 only, has no shutdown port, and checks
 * {@code webapps/} every second instead of every ten. Deploys as a user does: copy the WAR to
 * {@code webapps/ROOT.war}; undeploys by deleting it.
 */
final class Tomcat extends Container {
    private final String version;
    private int port;

    Tomcat(Path home, Path run, String version) {
        super(home, run);
        this.version = version;
    }

    /** The distribution the build unpacked, with a run directory named after the test. */
    static Tomcat fromBuild(String runName) {
        Path home = property("tomcat.home");
        String version = home.getFileName().toString().replaceFirst("^apache-tomcat-", "");
        return new Tomcat(home, path("runs.dir").resolve(runName), version);
    }

    @Override
    String product() {
        return "Tomcat " + version;
    }

    @Override
    String url() {
        return "http://127.0.0.1:" + port;
    }

    private Path webapps() {
        return run.resolve("webapps");
    }

    @Override
    ProcessBuilder prepare() throws IOException {
        copyTree(home.resolve("conf"), run.resolve("conf"));
        for (String dir : new String[] {"webapps", "logs", "temp", "work"}) {
            Files.createDirectories(run.resolve(dir));
        }
        port = FreePorts.one();
        Path serverXml = run.resolve("conf/server.xml");
        patch(serverXml, "<Server port=\"8005\"", "<Server port=\"-1\"");
        patch(serverXml, "<Connector port=\"8080\" protocol=\"HTTP/1.1\"",
                "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
        patch(serverXml, "<Engine name=\"Catalina\" defaultHost=\"localhost\">",
                "<Engine name=\"Catalina\" defaultHost=\"localhost\" backgroundProcessorDelay=\"1\">");
        ProcessBuilder builder = new ProcessBuilder("bash",
                home.resolve("bin/catalina.sh").toString(), "run").directory(home.toFile())
                .redirectInput(NO_INPUT);
        builder.environment().put("CATALINA_HOME", home.toString());
        builder.environment().put("CATALINA_BASE", run.toString());
        if (!systemProperties.isEmpty()) {
            StringBuilder opts = new StringBuilder();
            systemProperties.forEach((k, v) -> opts.append(" -D").append(k).append('=').append(v));
            builder.environment().put("CATALINA_OPTS", opts.toString().trim());
        }
        return builder;
    }

    @Override
    boolean started(String console) {
        return console.contains("Server startup in");
    }

    @Override
    void install(Path war) throws IOException {
        drop(war, webapps(), "ROOT.war");
    }

    @Override
    void uninstall() throws IOException {
        Files.delete(webapps().resolve("ROOT.war"));
    }

    @Override
    void reinstall() throws IOException {
        drop(war(), webapps(), "ROOT.war");
    }
}
