package io.github.socketiojakarta.arch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds child processes that could inherit the test JVM's standard streams, in Java source text.
 *
 * <p>Why: Surefire talks to its forked JVM over that JVM's stdin/stdout. A child that inherits
 * them writes into that channel ("Corrupted channel by directly writing to native stream"), and
 * npm even switches an inherited stdin to non-blocking mode ("std/in stream corrupted"): the fork
 * is killed and the build fails. So every child gets its stdin from {@code /dev/null} (or from a
 * pipe the test writes to) and its output captured to a file or read by the test.
 *
 * <p>The rules, checked on the code with comments and string literals blanked out:
 * <ul>
 *   <li>no {@code inheritIO()} and no {@code Redirect.INHERIT};
 *   <li>no {@code Runtime.getRuntime().exec(...)} (use a {@code ProcessBuilder});
 *   <li>every {@code new ProcessBuilder(...)} sets the child's stdin with
 *       {@code .redirectInput(...)} in the same statement that creates it.
 * </ul>
 * A plain text scan, not a compiler: it is strict on purpose (configure stdin where the builder
 * is created) so that it can be simple and still never miss a builder.
 */
final class ChildProcessScan {
    private static final Pattern INHERIT_IO = Pattern.compile("\\.\\s*inheritIO\\s*\\(");
    private static final Pattern REDIRECT_INHERIT = Pattern.compile("\\bRedirect\\s*\\.\\s*INHERIT\\b");
    private static final Pattern RUNTIME_EXEC =
            Pattern.compile("\\bgetRuntime\\s*\\(\\s*\\)\\s*\\.\\s*exec\\s*\\(");
    private static final Pattern NEW_BUILDER = Pattern.compile("\\bnew\\s+(?:java\\.lang\\.)?ProcessBuilder\\s*\\(");
    private static final Pattern REDIRECT_INPUT = Pattern.compile("\\.\\s*redirectInput\\s*\\(");

    private ChildProcessScan() {}

    /**
     * The violations in one Java source text, each as {@code "line N: what"}.
     *
     * @param source the text of a {@code .java} file
     * @return the violations, empty when the source follows the rules
     */
    static List<String> violations(String source) {
        String code = blankCommentsAndStrings(source);
        List<String> out = new ArrayList<>();
        report(out, code, INHERIT_IO, "inheritIO() hands the test JVM's streams to a child");
        report(out, code, REDIRECT_INHERIT, "Redirect.INHERIT hands the test JVM's streams to a child");
        report(out, code, RUNTIME_EXEC, "Runtime.exec starts a child without a chosen stdin; use a"
                + " ProcessBuilder with redirectInput");
        Matcher m = NEW_BUILDER.matcher(code);
        while (m.find()) {
            int end = code.indexOf(';', m.end());
            String statement = code.substring(m.start(), end < 0 ? code.length() : end);
            if (!REDIRECT_INPUT.matcher(statement).find()) {
                out.add("line " + line(code, m.start()) + ": a ProcessBuilder without"
                        + " .redirectInput(...) in the statement that creates it");
            }
        }
        return out;
    }

    /**
     * The violations in every {@code .java} file under a {@code src} directory of the modules
     * below {@code root} (build output and {@code node_modules} skipped).
     *
     * @param root the repository root
     * @return {@code "path line N: what"} per violation
     */
    static List<String> violationsUnder(Path root) {
        List<String> out = new ArrayList<>();
        for (Path file : javaSources(root)) {
            try {
                for (String v : violations(Files.readString(file))) {
                    out.add(root.relativize(file) + " " + v);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The {@code .java} files under {@code <module>/src/} below {@code root}. */
    static List<Path> javaSources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        Path rel = root.relativize(p);
                        String s = "/" + rel.toString().replace('\\', '/');
                        return s.contains("/src/") && !s.contains("/target/")
                                && !s.contains("/node_modules/") && !s.startsWith("/.git/");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void report(List<String> out, String code, Pattern p, String what) {
        Matcher m = p.matcher(code);
        while (m.find()) {
            out.add("line " + line(code, m.start()) + ": " + what);
        }
    }

    private static int line(String text, int index) {
        int n = 1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * The source with the contents of comments, string literals, text blocks and char literals
     * replaced by spaces (line breaks kept, so line numbers stay right).
     */
    static String blankCommentsAndStrings(String src) {
        StringBuilder b = new StringBuilder(src.length());
        int i = 0;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                while (i < n && src.charAt(i) != '\n') {
                    b.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(src, i, end, b);
                i = end;
            } else if (src.startsWith("\"\"\"", i)) {
                int end = src.indexOf("\"\"\"", i + 3);
                while (end > 0 && src.charAt(end - 1) == '\\') {
                    end = src.indexOf("\"\"\"", end + 1);
                }
                end = end < 0 ? n : end + 3;
                b.append("\"\"\"");
                blank(src, i + 3, end - 3, b);
                b.append("\"\"\"");
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && src.charAt(j) != c && src.charAt(j) != '\n') {
                    j += src.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(j, n - 1);
                b.append(c);
                blank(src, i + 1, j, b);
                b.append(c);
                i = j + 1;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private static void blank(String src, int from, int to, StringBuilder b) {
        for (int k = from; k < to; k++) {
            b.append(src.charAt(k) == '\n' ? '\n' : ' ');
        }
    }
}
