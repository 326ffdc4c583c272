package io.github.socketiojakarta.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the architecture's dependency rules by reading the main sources' imports: dependencies
 * point one way, the codecs stay pure, and only the bindings touch the container.
 */
class LayeringTest {
    private static final Path MAIN = Path.of(System.getProperty("basedir", "."))
            .resolve("src/main/java/io/github/socketiojakarta");
    private static final String ROOT = "io.github.socketiojakarta.";

    @Test
    void engineNeverImportsTheLayersAboveIt() {
        assertThat(violations("engine", ROOT + "protocol", ROOT + "server", ROOT + "adapter",
                ROOT + "json", ROOT + "container", ROOT + "cdi")).isEmpty();
    }

    @Test
    void codecsImportNoJakartaTypes() {
        assertThat(violations("engine/codec", "jakarta.")).isEmpty();
        assertThat(violations("protocol", "jakarta.", ROOT)).isEmpty();
    }

    @Test
    void onlyTheBindingsTouchServletAndWebSocket() {
        for (String pkg : List.of("engine", "protocol", "server", "adapter", "json")) {
            assertThat(violations(pkg, "jakarta.servlet", "jakarta.websocket"))
                    .as(pkg).isEmpty();
        }
    }

    @Test
    void onlyTheJsonPackageTouchesJsonB() {
        for (String pkg : List.of("engine", "protocol", "server", "adapter", "container")) {
            assertThat(violations(pkg, "jakarta.json")).as(pkg).isEmpty();
        }
    }

    @Test
    void theRulesSeeTheSources() {
        assertThat(imports("engine")).isNotEmpty();
        assertThat(imports("container")).anyMatch(i -> i.startsWith("jakarta.servlet"));
    }

    /** Imports in a package (and its subpackages) that start with any of the prefixes. */
    private static List<String> violations(String pkg, String... forbidden) {
        List<String> out = new ArrayList<>();
        for (String imp : imports(pkg)) {
            for (String f : forbidden) {
                boolean selfReference = imp.startsWith(ROOT + pkg.replace('/', '.'));
                if (imp.startsWith(f) && !selfReference) {
                    out.add(imp);
                }
            }
        }
        return out;
    }

    private static List<String> imports(String pkg) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                for (String line : Files.readAllLines(f)) {
                    String t = line.trim();
                    if (t.startsWith("import ")) {
                        out.add(t.substring(7).replace("static ", "").replace(";", "").trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
