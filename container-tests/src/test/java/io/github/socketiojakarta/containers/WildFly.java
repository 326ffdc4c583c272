package io.github.socketiojakarta.containers;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * WildFly (the {@code wildfly-dist} zip), started as a user does: {@code bin/standalone.sh} with
 * a server base directory of its own and a port offset. Deploys with the deployment scanner's
 * marker files: drop {@code ROOT.war} into {@code deployments/} and wait for
 * {@code ROOT.war.deployed}; delete that marker to undeploy ({@code ROOT.war.undeployed}
 * appears); create {@code ROOT.war.dodeploy} to deploy again. The scanner's interval is
 * shortened from 5 s to 0.5 s in this run's copy of {@code standalone.xml}.
 */
final class WildFly extends Container {
    /** The default ports of standalone.xml that the offset moves (HTTP, HTTPS, management, transactions). */
    private static final int[] PORTS = {8080, 8443, 9990, 9993, 4712, 4713};

    private final String version;
    private int offset;

    WildFly(Path home, Path run, String version) {
        super(home, run);
        this.version = version;
    }

    /** The distribution the build unpacked, with a run directory named after the test. */
    static WildFly fromBuild(String runName) {
        Path home = property("wildfly.home");
        String version = home.getFileName().toString().replaceFirst("^wildfly-", "");
        return new WildFly(home, path("runs.dir").resolve(runName), version);
    }

    @Override
    String product() {
        return "WildFly " + version;
    }

    @Override
    String url() {
        return "http://127.0.0.1:" + (8080 + offset);
    }

    private Path base() {
        return run.resolve("standalone");
    }

    private Path deployments() {
        return base().resolve("deployments");
    }

    @Override
    ProcessBuilder prepare() throws IOException {
        copyTree(home.resolve("standalone/configuration"), base().resolve("configuration"));
        Files.createDirectories(deployments());
        patch(base().resolve("configuration/standalone.xml"), "scan-interval=\"5000\"",
                "scan-interval=\"500\"");
        offset = FreePorts.offsetFor(PORTS);
        List<String> command = new ArrayList<>(List.of("bash",
                home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base(),
                "-Djboss.socket.binding.port-offset=" + offset));
        if (!systemProperties.isEmpty()) {
            // ${name} in web.xml: off by default in WildFly
            patch(base().resolve("configuration/standalone.xml"),
                    "<spec-descriptor-property-replacement>false",
                    "<spec-descriptor-property-replacement>true");
            systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        }
        return new ProcessBuilder(command).directory(home.toFile()).redirectInput(NO_INPUT);
    }

    @Override
    boolean started(String console) {
        if (console.contains("WFLYSRV0026")) { // started with errors
            throw new AssertionError(product() + " started with errors\n" + tail(console));
        }
        return console.contains("WFLYSRV0025");
    }

    @Override
    void install(Path war) throws IOException {
        clearMarkers();
        drop(war, deployments(), "ROOT.war");
        awaitMarker(".deployed");
    }

    @Override
    void uninstall() throws IOException {
        Files.delete(deployments().resolve("ROOT.war.deployed"));
        awaitMarker(".undeployed");
    }

    @Override
    void reinstall() throws IOException {
        clearMarkers();
        Files.createFile(deployments().resolve("ROOT.war.dodeploy"));
        awaitMarker(".deployed");
    }

    private void clearMarkers() throws IOException {
        for (String suffix : List.of(".deployed", ".undeployed", ".failed", ".dodeploy",
                ".isdeploying", ".pending", ".skipdeploy", ".isundeploying")) {
            Files.deleteIfExists(deployments().resolve("ROOT.war" + suffix));
        }
    }

    /** Waits for a marker of ROOT.war; a {@code .failed} marker fails at once with its text. */
    private void awaitMarker(String suffix) {
        Path marker = deployments().resolve("ROOT.war" + suffix);
        Path failed = deployments().resolve("ROOT.war.failed");
        await("marker " + marker.getFileName()).atMost(DEPLOY_TIMEOUT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    if (Files.exists(failed)) {
                        throw new AssertionError("deployment failed: "
                                + Files.readString(failed, StandardCharsets.UTF_8) + "\n"
                                + tail(console()));
                    }
                    return Files.exists(marker);
                });
    }
}
