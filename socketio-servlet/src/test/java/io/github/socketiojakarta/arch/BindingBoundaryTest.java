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
 * Pins the boundary between the engine and the container bindings, by reading the main
 * sources' imports: the boundary package is container-free, and the Tomcat write path sees the
 * engine only through the boundary and the codec.
 */
class BindingBoundaryTest {
    private static final Path MAIN = Path.of(System.getProperty("basedir", "."))
            .resolve("src/main/java/io/github/socketiojakarta");
    private static final String ROOT = "io.github.socketiojakarta.";

    @Test
    void theBoundaryImportsOnlyTheEngineAndTheJdk() {
        assertThat(imports("engine/binding")).isNotEmpty().allSatisfy(i -> assertThat(i)
                .matches("(java\\.|io\\.github\\.socketiojakarta\\.engine\\.).*"));
    }

    @Test
    void theTomcatWritePathSeesTheEngineOnlyThroughTheBoundary() {
        List<String> ours = imports("container/tomcat").stream()
                .filter(i -> i.startsWith(ROOT)).toList();
        assertThat(ours).isNotEmpty().allSatisfy(i -> assertThat(i)
                .matches("io\\.github\\.socketiojakarta\\.engine\\.(binding|codec)\\..*"));
    }

    /** Imports of the Java files directly in a package (not its subpackages). */
    private static List<String> imports(String pkg) {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(MAIN.resolve(pkg))) {
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
