package io.github.socketiojakarta.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.socketiojakarta.benchmarks.driver.Driver;
import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.protocol.ParseException;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ahead-of-time cache of the README's "A fresh JVM", on the benchmark's embedded server:
 * {@code benchmarks/aot-train.sh} records one with a JDK 25+ (a training server under load,
 * stopped), {@code scripts/bench-server} with {@code BENCH_AOT_CACHE} starts with it
 * ({@code -XX:AOTMode=on}: the JVM refuses to start when it cannot use the cache, so a served
 * connect proves the cache was taken), a missing cache stops the start, and the training refuses
 * a JDK older than 25. Runs after {@code package}: the cache takes classes from jars only, and
 * the server uses this module's jar. Skipped when no JDK 25+ is found ({@code BENCH_JAVA}, this
 * JVM, or {@code /usr/lib/jvm/*}). Nothing here is timed; every process started here is stopped.
 */
class AotCacheIT {
    private static final ProcessBuilder.Redirect NO_INPUT =
            ProcessBuilder.Redirect.from(new File("/dev/null"));
    private static final Path BASE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final Pattern VERSION = Pattern.compile("version \"(\\d+)");
    /** Small and without AlwaysPreTouch: the cache holds only for the flags it was made with. */
    private static final String OPTS = "-Xmx256m -XX:+UseParallelGC";

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void trainedCacheStartsTheServerAndAMissingOneStopsTheStart() throws Exception {
        String java = javaAtLeast(25);
        assumeTrue(java != null, "no JDK 25 or later (BENCH_JAVA, this JVM, /usr/lib/jvm/*):"
                + " skipping the ahead-of-time cache test");
        Path dir = Files.createTempDirectory(BASE.resolve("target"), "aot");
        Path cache = dir.resolve("bench.aot");
        Path trainLog = dir.resolve("train.log");
        Process train = script(BASE.resolve("aot-train.sh"), trainLog, Map.of("BENCH_JAVA", java,
                "TRAIN_ROUNDS", "1", "TRAIN_ECHO_SECONDS", "1", "PORT", String.valueOf(freePort())),
                cache.toString());
        assertThat(train.waitFor(5, TimeUnit.MINUTES)).as("training still running").isTrue();
        assertThat(train.exitValue()).as("aot-train.sh: %s", read(trainLog)).isZero();
        assertThat(Files.size(cache)).isPositive();

        int port = freePort();
        Path serverLog = dir.resolve("server.log");
        Process server = script(BASE.resolve("../scripts/bench-server").normalize(), serverLog,
                Map.of("BENCH_JAVA", java, "BENCH_AOT_CACHE", cache.toString()),
                String.valueOf(port));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .failFast("the server exited: " + serverLog, () -> !server.isAlive())
                .until(() -> accepts(port));
        Map<String, Object> fanout = fanout(port);
        assertThat(path(fanout, "connect.connected")).isEqualTo(20L);
        assertThat(path(fanout, "fanout.errors")).isEqualTo(Map.of("missing", 0L, "outOfOrder", 0L,
                "contract", 0L, "closed", 0L));

        Path missingLog = dir.resolve("missing.log");
        Process missing = script(BASE.resolve("../scripts/bench-server").normalize(), missingLog,
                Map.of("BENCH_JAVA", java, "BENCH_AOT_CACHE", dir.resolve("none.aot").toString()),
                String.valueOf(freePort()));
        assertThat(missing.waitFor(60, TimeUnit.SECONDS)).as("started without its cache").isTrue();
        assertThat(missing.exitValue()).isNotZero();
        assertThat(read(missingLog)).contains("Unable to use AOT cache");
    }

    @Test
    void trainingRefusesAJdkOlderThan25() throws Exception {
        String home = System.getProperty("java.home");
        String java = Path.of(home, "bin", "java").toString();
        Integer feature = feature(java);
        assumeTrue(feature != null && feature < 25, "this JVM is 25 or later: nothing to refuse");
        Path log = Files.createTempFile(BASE.resolve("target"), "aot-old", ".log");
        Process train = script(BASE.resolve("aot-train.sh"), log, Map.of("BENCH_JAVA", java,
                "PORT", String.valueOf(freePort())), log + ".aot");
        assertThat(train.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(train.exitValue()).isNotZero();
        assertThat(read(log)).contains("is Java " + feature).contains("needs 25 or later");
    }

    private Process script(Path script, Path log, Map<String, String> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(NO_INPUT)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("BENCH_JAVA_OPTS", OPTS);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fanout(int port) throws ParseException {
        Map<String, String> options = new HashMap<>(Map.of("url", "http://127.0.0.1:" + port,
                "clients", "20", "count", "5", "size", "10", "warmup", "0", "rounds", "1",
                "pause-ms", "0"));
        return (Map<String, Object>) Json.parse(Json.write(Driver.run("fanout", options)));
    }

    private static Object path(Map<String, Object> map, String path) {
        Object v = map;
        for (String k : path.split("\\.")) {
            v = ((Map<?, ?>) v).get(k);
        }
        return v;
    }

    /** The first java of BENCH_JAVA, this JVM and /usr/lib/jvm/* whose version is at least min. */
    private static String javaAtLeast(int min) throws IOException, InterruptedException {
        List<String> candidates = new ArrayList<>();
        if (System.getenv("BENCH_JAVA") != null) {
            candidates.add(System.getenv("BENCH_JAVA"));
        }
        candidates.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> dirs = Files.list(jvms)) {
                dirs.sorted().map(d -> d.resolve("bin/java")).filter(Files::isExecutable)
                        .forEach(j -> candidates.add(j.toString()));
            }
        }
        for (String java : candidates) {
            Integer feature = feature(java);
            if (feature != null && feature >= min) {
                return java;
            }
        }
        return null;
    }

    /** The feature version {@code java -version} prints, or null. */
    private static Integer feature(String java) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(java))) {
            return null;
        }
        Process p = new ProcessBuilder(java, "-version").redirectInput(NO_INPUT)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        Matcher m = VERSION.matcher(out);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static boolean accepts(int port) {
        try {
            new Socket("127.0.0.1", port).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log);
    }
}
