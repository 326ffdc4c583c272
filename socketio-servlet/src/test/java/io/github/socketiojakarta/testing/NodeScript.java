package io.github.socketiojakarta.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node.js scenario scripts of {@code src/test/js} (official {@code engine.io-client}
 * / {@code socket.io-client} from npm) from JUnit tests.
 *
 * <p>Contract of a scenario script (see {@code src/test/js/lib.mjs}): it is started as
 * {@code node <script> '<argsJson>'} with {@code src/test/js} as working directory, prints
 * exactly one JSON line on stdout at the end ({@code {"ok":true,...}} or
 * {@code {"ok":false,"error":"..."}}), writes diagnostics to stderr, and has its own watchdog
 * ({@code timeoutMs} in the args, default 15 s). Give {@link #run} a Java timeout a little
 * larger than the script's own {@code timeoutMs}, so the script reports what it was waiting for
 * before the hard kill happens.
 *
 * <pre>{@code
 * NodeScript.JsonResult r = NodeScript.run("eio-echo.mjs",
 *     "{\"url\":\"http://localhost:" + port + "\",\"path\":\"/engine.io/\","
 *         + "\"transports\":[\"websocket\"],\"texts\":[\"a\"],\"binaries\":[[1,2]],\"timeoutMs\":10000}",
 *     Duration.ofSeconds(15));
 * r.assertOk();
 * assertThat(r.strings("texts")).containsExactly("a");
 * }</pre>
 *
 * <p>The {@code node} executable is taken from the system property {@code node.executable},
 * else the environment variable {@code NODE}, else {@code node} on the {@code PATH}; {@code npm}
 * likewise from {@code npm.executable} / {@code NPM} / {@code npm}.
 */
public final class NodeScript {

  /**
   * The standard input of every child that reads nothing: {@code /dev/null}. A child must never
   * inherit the test JVM's streams (Surefire talks to its fork over them; npm even switches
   * stdin to non-blocking mode, which corrupts that channel and gets the fork killed).
   */
  public static final ProcessBuilder.Redirect NO_INPUT =
      ProcessBuilder.Redirect.from(new java.io.File("/dev/null"));

  private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final Set<Path> INSTALLED = ConcurrentHashMap.newKeySet();
  private static boolean installChecked;

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(NodeScript::destroyTree), "node-script-reaper"));
  }

  private NodeScript() {}

  /**
   * The module base directory: the {@code basedir} system property (set by Maven Surefire) if
   * present, else the current directory.
   *
   * @return the absolute module directory
   */
  public static Path moduleDir() {
    String basedir = System.getProperty("basedir");
    Path dir = basedir != null && !basedir.isBlank() ? Paths.get(basedir) : Paths.get("");
    return dir.toAbsolutePath().normalize();
  }

  /**
   * The directory holding the scripts, {@code package.json} and {@code node_modules}.
   *
   * @return {@code <module>/src/test/js}
   */
  public static Path jsDir() {
    Path own = moduleDir().resolve("src/test/js");
    if (java.nio.file.Files.exists(own.resolve("package.json"))) {
      return own;
    }
    // other modules (socketio-cdi, example-war) share the server module's JavaScript tree
    return moduleDir().resolve("../socketio-servlet/src/test/js").normalize();
  }

  /**
   * Runs {@code node <script> <argsJson>} in {@link #jsDir()} and returns its result line.
   *
   * <p>Calls {@link #ensureInstalled()} first. Both output streams are drained concurrently.
   * A script result with {@code "ok":false} is returned, not thrown: check it with {@link
   * JsonResult#ok()} or {@link JsonResult#assertOk()}.
   *
   * @param script file name relative to {@link #jsDir()}, e.g. {@code "eio-echo.mjs"}
   * @param argsJson JSON object passed as the script's single argument ({@code null} means
   *     {@code {}}); non-ASCII characters are passed as JSON {@code \\uXXXX} escapes so they
   *     survive any platform argument encoding
   * @param timeout hard limit; on expiry the process tree is killed
   * @return the parsed last non-blank stdout line, with the stderr text
   * @throws AssertionError if the script does not exist, does not finish in time, or its last
   *     stdout line is missing or not a JSON object (the message includes stdout and stderr)
   */
  public static JsonResult run(String script, String argsJson, Duration timeout) {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(timeout, "timeout");
    ensureInstalled();
    Path dir = jsDir();
    if (!Files.isRegularFile(dir.resolve(script))) {
      throw new AssertionError("no such node script: " + dir.resolve(script));
    }
    String args = asciiJson(argsJson == null ? "{}" : argsJson);
    List<String> command = List.of(nodeExecutable(), script, args);

    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectInput(NO_INPUT).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + command + " (is node installed?): " + e, e);
    }
    LIVE.add(process);
    try {
      Drain out = Drain.start(process.getInputStream(), "node-stdout-" + script);
      Drain err = Drain.start(process.getErrorStream(), "node-stderr-" + script);
      boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        destroyTree(process);
        process.waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError(
            "node script "
                + script
                + " did not finish within "
                + timeout.toMillis()
                + " ms and was killed; args: "
                + args
                + describe(out.text(Duration.ofSeconds(2)), err.text(Duration.ofSeconds(2))));
      }
      String stdout = out.text(Duration.ofSeconds(10));
      String stderr = err.text(Duration.ofSeconds(10));
      int exitCode = process.exitValue();
      String line = lastNonBlankLine(stdout);
      if (line == null) {
        throw new AssertionError(
            "node script " + script + " exited with " + exitCode + " and printed no result line"
                + describe(stdout, stderr));
      }
      JsonObject json;
      try (JsonReader reader = Json.createReader(new StringReader(line))) {
        json = reader.readObject();
      } catch (JsonException | IllegalStateException e) {
        throw new AssertionError(
            "node script " + script + " (exit " + exitCode + "): last stdout line is not a JSON object: "
                + e.getMessage() + describe(stdout, stderr),
            e);
      }
      return new JsonResult(json, stderr, exitCode);
    } catch (InterruptedException e) {
      destroyTree(process);
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running node script " + script, e);
    } finally {
      if (process.isAlive()) {
        destroyTree(process);
      }
      LIVE.remove(process);
    }
  }

  /**
   * Convenience overload taking the arguments as a JSON-P object.
   *
   * @param script file name relative to {@link #jsDir()}
   * @param args the script arguments
   * @param timeout hard limit; on expiry the process tree is killed
   * @return the parsed result line
   * @see #run(String, String, Duration)
   */
  public static JsonResult run(String script, JsonObject args, Duration timeout) {
    return run(script, args == null ? null : args.toString(), timeout);
  }

  /**
   * Runs {@code npm ci} in {@link #jsDir()} if {@code node_modules} is missing or older than
   * {@code package-lock.json}. Idempotent: checked once per JVM (synchronized), and guarded by
   * a file lock in {@code target/} so that parallel JVMs do not install concurrently.
   *
   * @throws AssertionError if {@code npm ci} fails or takes longer than 5 minutes
   */
  public static synchronized void ensureInstalled() {
    if (installChecked) {
      return;
    }
    ensureInstalled(jsDir());
    installChecked = true;
  }

  /**
   * Runs a script of another Node.js tree (its own {@code package.json}, installed with {@link
   * #ensureInstalled(Path)} first) that may ask the test to act while it runs: a stdout line
   * {@code @<request>} is answered on its stdin with {@code answers.apply(request)} (one line).
   * The last other non-blank stdout line is the JSON result. The process and everything it
   * started are killed at the end, also on failure.
   *
   * @throws AssertionError when the script does not end in time or prints no JSON result
   */
  public static JsonResult runInteractive(Path dir, String script, JsonObject args,
      Duration timeout, java.util.function.Function<String, String> answers)
      throws InterruptedException {
    ensureInstalled(dir);
    List<String> command = List.of(nodeExecutable(), script, args.toString());
    Process process;
    try {
      // stdin is a pipe of this test (the answers), never the test JVM's own stdin
      process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.PIPE).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + command + " (is node installed?)", e);
    }
    try {
      Drain err = Drain.start(process.getErrorStream(), "stderr-" + script);
      List<String> lines = new ArrayList<>();
      Thread out = new Thread(() -> readAnswering(process, lines, answers), "stdout-" + script);
      out.setDaemon(true);
      out.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroyTree(process);
        throw new AssertionError("node " + script + " did not finish within " + timeout
            + " and was killed" + describeLines(lines, err.text(Duration.ofSeconds(5))));
      }
      out.join(TimeUnit.SECONDS.toMillis(10));
      String stderr = err.text(Duration.ofSeconds(5));
      System.err.print(stderr); // the script's step log, in the test's output file
      String last;
      synchronized (lines) {
        last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
      }
      if (last == null) {
        throw new AssertionError("node " + script + " exited with " + process.exitValue()
            + " and printed no result" + describeLines(lines, stderr));
      }
      try (JsonReader reader = Json.createReader(new StringReader(last))) {
        return new JsonResult(reader.readObject(), stderr, process.exitValue());
      } catch (JsonException | IllegalStateException e) {
        throw new AssertionError("node " + script + ": the last line is not a JSON object"
            + describeLines(lines, stderr), e);
      }
    } finally {
      destroyTree(process);
    }
  }

  /** Collects stdout's lines; answers the {@code @request} lines on stdin. */
  private static void readAnswering(Process process, List<String> lines,
      java.util.function.Function<String, String> answers) {
    try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
            process.getInputStream(), StandardCharsets.UTF_8));
        java.io.Writer replies = new java.io.OutputStreamWriter(process.getOutputStream(),
            StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("@")) {
          String answer;
          try {
            answer = answers.apply(line.substring(1));
          } catch (RuntimeException e) {
            answer = "error " + e;
          }
          replies.write(answer.replace('\n', ' ') + "\n");
          replies.flush();
        } else if (!line.isBlank()) {
          synchronized (lines) {
            lines.add(line);
          }
        }
      }
    } catch (IOException e) {
      // the process ended or was killed: what was read is kept
    }
  }

  private static String describeLines(List<String> stdout, String stderr) {
    String out;
    synchronized (stdout) {
      out = String.join("\n", stdout);
    }
    return "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + tail(stderr);
  }

  /**
   * Runs {@code npm ci} in {@code dir} when its {@code node_modules} is missing or older than its
   * {@code package-lock.json}: once per directory and JVM, under a file lock in the module's
   * {@code target/} so that parallel JVMs don't install at the same time. For other modules'
   * Node.js trees (the browser tests).
   *
   * @throws AssertionError if {@code npm ci} fails or takes longer than 5 minutes
   */
  public static synchronized void ensureInstalled(Path dir) {
    Path key = dir.toAbsolutePath().normalize();
    if (INSTALLED.contains(key) || !needsInstall(key)) {
      INSTALLED.add(key);
      return;
    }
    Path lockFile = moduleDir().resolve("target/npm-ci-" + key.getFileName() + ".lock");
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (lock.isValid() && needsInstall(key)) {
          npmCi(key);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile, e);
    }
    INSTALLED.add(key);
  }

  private static boolean needsInstall(Path dir) {
    // npm writes node_modules/.package-lock.json at the end of every install.
    Path marker = dir.resolve("node_modules/.package-lock.json");
    Path lock = dir.resolve("package-lock.json");
    try {
      return !Files.isRegularFile(marker)
          || Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) < 0;
    } catch (IOException e) {
      return true;
    }
  }

  private static void npmCi(Path dir) {
    List<String> command = List.of(npmExecutable(), "ci", "--no-audit", "--no-fund");
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectInput(NO_INPUT).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start " + command + " in " + dir + " (is npm installed?): " + e, e);
    }
    LIVE.add(process);
    try {
      Drain out = Drain.start(process.getInputStream(), "npm-ci");
      if (!process.waitFor(NPM_CI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        destroyTree(process);
        throw new AssertionError(
            "npm ci did not finish within " + NPM_CI_TIMEOUT + " in " + dir + "\n" + out.text(Duration.ofSeconds(2)));
      }
      String output = out.text(Duration.ofSeconds(10));
      if (process.exitValue() != 0) {
        throw new AssertionError("npm ci failed (exit " + process.exitValue() + ") in " + dir + "\n" + output);
      }
    } catch (InterruptedException e) {
      destroyTree(process);
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted during npm ci", e);
    } finally {
      LIVE.remove(process);
    }
  }

  /** The {@code node} command: the {@code node.executable} property, {@code NODE}, or node. */
  public static String nodeExecutable() {
    return executable("node.executable", "NODE", "node");
  }

  private static String npmExecutable() {
    return executable("npm.executable", "NPM", "npm");
  }

  private static String executable(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Kills a process and everything it started (a browser's processes, say). */
  public static void destroyTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Replaces every non-ASCII character with a JSON unicode escape (valid inside JSON strings). */
  static String asciiJson(String json) {
    StringBuilder sb = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c > 0x7e) {
        if (sb == null) {
          sb = new StringBuilder(json.length() + 16).append(json, 0, i);
        }
        sb.append(String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? json : sb.toString();
  }

  private static String lastNonBlankLine(String text) {
    String[] lines = text.split("\r?\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].trim();
      }
    }
    return null;
  }

  private static String describe(String stdout, String stderr) {
    return "\n--- stdout ---\n" + tail(stdout) + "\n--- stderr ---\n" + tail(stderr);
  }

  private static String tail(String text) {
    int max = 20_000;
    return text.length() <= max ? text : "[... " + (text.length() - max) + " chars cut ...]" + text.substring(text.length() - max);
  }

  /** Reads a stream to the end on its own daemon thread (a child process's output). */
  public static final class Drain {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Thread thread;

    private Drain(InputStream in, String name) {
      thread =
          new Thread(
              () -> {
                byte[] chunk = new byte[8192];
                try (in) {
                  int n;
                  while ((n = in.read(chunk)) >= 0) {
                    synchronized (buffer) {
                      buffer.write(chunk, 0, n);
                    }
                  }
                } catch (IOException ignored) {
                  // stream closed because the process was destroyed
                }
              },
              name);
      thread.setDaemon(true);
    }

    /** Starts draining {@code in} on a daemon thread named {@code name}. */
    public static Drain start(InputStream in, String name) {
      Drain drain = new Drain(in, name);
      drain.thread.start();
      return drain;
    }

    /** Waits up to {@code wait} for the end of the stream and returns what was read so far. */
    public String text(Duration wait) throws InterruptedException {
      thread.join(Math.max(1, wait.toMillis()));
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /**
   * The parsed result line of a scenario script, with the script's stderr and exit code.
   *
   * @param json the last non-blank stdout line, parsed
   * @param stderr everything the script wrote to stderr (diagnostics)
   * @param exitCode the process exit code (0 for {@code "ok":true} with {@code lib.mjs})
   */
  public record JsonResult(JsonObject json, String stderr, int exitCode) {

    /**
     * Whether the script reported success.
     *
     * @return the {@code ok} member, {@code false} if absent
     */
    public boolean ok() {
      return json.getBoolean("ok", false);
    }

    /**
     * The failure message of an unsuccessful script.
     *
     * @return the {@code error} member, or {@code null}
     */
    public String error() {
      return json.containsKey("error") && !json.isNull("error") ? json.getString("error") : null;
    }

    /**
     * Throws unless the script reported success.
     *
     * @return this, for chaining
     * @throws AssertionError with the result and the stderr text otherwise
     */
    public JsonResult assertOk() {
      if (!ok()) {
        throw new AssertionError("node script failed: " + error() + "\nresult: " + json + describe("", stderr));
      }
      return this;
    }

    /**
     * A string member.
     *
     * @param key member name
     * @return its value, or {@code null} if absent or JSON null
     */
    public String string(String key) {
      return json.containsKey(key) && !json.isNull(key) ? json.getString(key) : null;
    }

    /**
     * A boolean member.
     *
     * @param key member name
     * @return its value, {@code false} if absent
     */
    public boolean bool(String key) {
      return json.getBoolean(key, false);
    }

    /**
     * An integral number member.
     *
     * @param key member name
     * @return its value as a long
     * @throws NullPointerException if absent
     */
    public long number(String key) {
      JsonNumber n = json.getJsonNumber(key);
      if (n == null) {
        throw new NullPointerException("no member " + key + " in " + json);
      }
      return n.longValueExact();
    }

    /**
     * An array member.
     *
     * @param key member name
     * @return its value, or {@code null} if absent
     */
    public JsonArray array(String key) {
      return json.containsKey(key) && !json.isNull(key) ? json.getJsonArray(key) : null;
    }

    /**
     * An array-of-strings member.
     *
     * @param key member name
     * @return the strings (empty list if absent)
     */
    public List<String> strings(String key) {
      JsonArray array = array(key);
      List<String> list = new ArrayList<>();
      if (array != null) {
        for (JsonValue v : array) {
          list.add(v.getValueType() == JsonValue.ValueType.STRING ? ((JsonString) v).getString() : v.toString());
        }
      }
      return list;
    }

    /**
     * An array-of-byte-arrays member, e.g. {@code "binaries":[[0,1,255],[]]}.
     *
     * @param key member name
     * @return the byte arrays (empty list if absent); values 0..255 map to bytes
     */
    public List<byte[]> byteArrays(String key) {
      JsonArray array = array(key);
      List<byte[]> list = new ArrayList<>();
      if (array != null) {
        for (JsonValue v : array) {
          JsonArray bytes = v.asJsonArray();
          byte[] b = new byte[bytes.size()];
          for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes.getInt(i);
          }
          list.add(b);
        }
      }
      return list;
    }

    /**
     * The {@code transport} member reported by the Engine.IO / Socket.IO scenarios.
     *
     * @return e.g. {@code "polling"} or {@code "websocket"}, or {@code null}
     */
    public String transport() {
      return string("transport");
    }

    @Override
    public String toString() {
      return "JsonResult[exit=" + exitCode + ", json=" + json + ", stderr=" + tail(stderr) + "]";
    }
  }
}
