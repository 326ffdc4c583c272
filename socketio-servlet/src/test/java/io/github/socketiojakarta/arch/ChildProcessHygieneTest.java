package io.github.socketiojakarta.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No test of any module lets a child process (npm, node, bash, java, jcmd, a container) inherit
 * the test JVM's standard streams: see {@link ChildProcessScan} for why and for the rules. The
 * scan covers every module's {@code src/} tree from the repository root; the scanner itself is
 * tested on sample sources so that the check is known to be able to fail.
 */
class ChildProcessHygieneTest {

    @Test
    void noSourceOfAnyModuleLetsAChildInheritTheTestJvmsStreams() {
        assertThat(ChildProcessScan.violationsUnder(repositoryRoot())).isEmpty();
    }

    @Test
    void theScanSeesEveryModulesSourcesAndTheirChildProcesses() {
        List<Path> sources = ChildProcessScan.javaSources(repositoryRoot());
        List<String> starters = sources.stream()
                .filter(p -> read(p).contains("new ProcessBuilder("))
                .map(p -> p.getFileName().toString())
                .toList();
        assertThat(starters).contains("NodeScript.java", "BenchContractTest.java");
        assertThat(sources).anyMatch(p -> p.startsWith(repositoryRoot().resolve("socketio-cdi/src")))
                .anyMatch(p -> p.startsWith(repositoryRoot().resolve("benchmarks/src")))
                .anyMatch(p -> p.startsWith(repositoryRoot().resolve("example-war/src")));
    }

    @Test
    void inheritIoIsFound() {
        assertThat(ChildProcessScan.violations("""
                class A {
                  void f() throws Exception {
                    new ProcessBuilder("npm", "ci").redirectInput(IN).inheritIO().start();
                  }
                }
                """)).containsExactly(
                "line 3: inheritIO() hands the test JVM's streams to a child");
    }

    @Test
    void redirectInheritIsFoundInEveryForm() {
        assertThat(ChildProcessScan.violations("""
                class A {
                  void f() throws Exception {
                    new ProcessBuilder("node").redirectInput(ProcessBuilder.Redirect.INHERIT).start();
                    new ProcessBuilder("node").redirectInput(IN).redirectError(Redirect.INHERIT);
                  }
                }
                """)).hasSize(2).allMatch(v -> v.contains("Redirect.INHERIT"));
    }

    @Test
    void aBuilderWithoutRedirectedInputIsFound() {
        assertThat(ChildProcessScan.violations("""
                class A {
                  void f() throws Exception {
                    Process p = new ProcessBuilder("node", "x.mjs")
                        .directory(dir).redirectErrorStream(true).start();
                    ProcessBuilder b = new java.lang.ProcessBuilder(cmd);
                    b.redirectInput(IN);
                  }
                }
                """)).containsExactly(
                "line 3: a ProcessBuilder without .redirectInput(...) in the statement that creates it",
                "line 5: a ProcessBuilder without .redirectInput(...) in the statement that creates it");
    }

    @Test
    void runtimeExecIsFound() {
        assertThat(ChildProcessScan.violations("""
                class A { void f() throws Exception { Runtime.getRuntime().exec("ls"); } }
                """)).singleElement().asString().contains("Runtime.exec");
    }

    @Test
    void aBuilderWithRedirectedInputPasses() {
        assertThat(ChildProcessScan.violations("""
                class A {
                  void f() throws Exception {
                    Process p = new ProcessBuilder("node", "x.mjs;")
                        .directory(dir).redirectInput(NO_INPUT).redirectErrorStream(true).start();
                  }
                }
                """)).isEmpty();
    }

    @Test
    void commentsAndStringsAreNotCode() {
        assertThat(ChildProcessScan.violations("""
                class A {
                  // never inheritIO() here, nor new ProcessBuilder(x)
                  /* Redirect.INHERIT */
                  String s = "new ProcessBuilder(cmd).inheritIO()";
                  char c = '"';
                  String t = \"""
                      Runtime.getRuntime().exec(cmd)
                      \""";
                }
                """)).isEmpty();
    }

    /** The repository root: the parent of this module, the directory of the parent POM. */
    static Path repositoryRoot() {
        Path module = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
        Path root = module.getParent();
        assertThat(root.resolve("pom.xml")).as("the parent POM above " + module).isRegularFile();
        assertThat(read(root.resolve("pom.xml"))).contains("<module>socketio-servlet</module>");
        return root;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
