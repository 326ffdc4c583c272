package io.github.socketiojakarta.benchmarks;

import io.github.socketiojakarta.protocol.Json;
import io.github.socketiojakarta.protocol.ParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the result files of one {@code benchmarks/run.sh} run into the Markdown table and the
 * target verdicts (ratios against the Node.js server of the same run). Run by run.sh as
 * {@code Report <dir>}; prints to stdout. The single-server table when the run has its phases
 * (load, idle), then the cluster table when it has the cluster phase (two nodes on one Redis).
 */
public final class Report {
    private static final List<String> SERVERS = List.of("jakarta", "node", "bare");
    private static final Map<String, String> NAMES = Map.of(
            "jakarta", "Jakarta Socket.IO", "node", "Node socket.io", "bare", "bare JSR-356");

    private final Path dir;
    private final StringBuilder out = new StringBuilder();

    private Report(Path dir) {
        this.dir = dir;
    }

    /**
     * @param args the run's result directory
     */
    public static void main(String[] args) throws IOException {
        System.out.print(new Report(Path.of(args[0])).render());
    }

    private String render() throws IOException {
        Map<String, Object> machine = read("machine.json");
        Map<String, Object> duration = read("duration.json");
        List<Integer> ns = sizes("fanout");
        List<Integer> clusterNs = sizes("cluster-fanout");
        // a run of the deployed WARs with Node alone has only WarReport's table
        boolean single = (ownServer("jakarta") || ownServer("bare"))
                && (!ns.isEmpty() || hasAny("echo-websocket.json") || hasAny("idle.json"));
        if (single) {
            singleServer(ns);
        }
        if (!clusterNs.isEmpty()) {
            cluster(clusterNs);
        }
        out.append(WarReport.render(dir));
        List<Integer> recoveryNs = sizes("recovery-off-fanout");
        if (!recoveryNs.isEmpty() || hasAny("recovery-off-echo-websocket.json")) {
            recovery(recoveryNs);
        }
        line("Machine: " + get(machine, "nproc") + " CPUs (" + get(machine, "cpu") + "), "
                + Math.round(number(get(machine, "memTotalKb")) / 1024 / 1024) + " GiB RAM, Linux "
                + get(machine, "kernel") + "; " + get(machine, "java") + " (" + get(machine, "jvm")
                + ")" + embeddedJava(machine) + "; Node.js " + get(machine, "node") + ", socket.io " + get(machine, "socketio")
                + (get(machine, "redis") == null ? "" : "; " + get(machine, "redis")
                        + ", @socket.io/redis-adapter " + get(machine, "redisAdapter")) + ".");
        line("Server JVM flags (all Java servers): `" + get(machine, "serverJavaOpts")
                + "`; Tomcat settings (embedded servers): `" + get(machine, "tomcatOpts")
                + "`; driver JVM flags: `"
                + get(machine, "driverJavaOpts") + "`.");
        line("Parameters: " + get(machine, "params") + ". Run took " + get(duration, "seconds")
                + " s; load average " + get(machine, "loadAverageAtStart") + " at start, "
                + get(duration, "loadAverageAtEnd") + " at end.");
        return out.toString();
    }

    /** The embedded servers' java when not the PATH's (BENCH_JAVA), and the AOT cache (AOT=1). */
    private static String embeddedJava(Map<String, Object> machine) {
        Object serverJava = get(machine, "serverJava");
        String text = serverJava == null || serverJava.equals(get(machine, "java")) ? ""
                : "; embedded servers on " + serverJava;
        return "1".equals(get(machine, "aot"))
                ? text + "; the Jakarta embedded server with an ahead-of-time cache"
                        + " (AOT=1, benchmarks/aot-train.sh)"
                : text;
    }

    private void singleServer(List<Integer> ns) throws IOException {
        int idleN = intValue(get(read("jakarta-memory.json"), "connections"), 10000);
        line("| | " + String.join(" | ", SERVERS.stream().map(NAMES::get).toList())
                + " | Jakarta / Node | Jakarta / bare |");
        line("|---|---:|---:|---:|---:|---:|");
        for (int n : ns) {
            String f = "fanout-" + n + ".json";
            row("connect rate, N=" + n + " (conn/s)", f, "connect.perSecond", "%,.0f", true);
            row("connect N=" + n + ": server CPU ms per 1,000 connections", f,
                    "connect.serverCpuMsPer1000", "%,.0f", true);
            cpuRow("connect N=" + n, f, "connect");
            row("fanout N=" + n + ": delivered msg/s", f, "fanout.rate", "%,.0f", true);
            rangeRow("fanout N=" + n + ": msg/s of the slowest / fastest round", f);
            row("fanout N=" + n + ": latency p50 (ms)", f, "fanout.latency.p50Ms", "%,.0f", false);
            row("fanout N=" + n + ": latency p99 (ms)", f, "fanout.latency.p99Ms", "%,.0f", false);
            row("fanout N=" + n + ": errors", f, "fanout.errors", null, false);
            cpuRow("fanout N=" + n, f, "fanout");
        }
        for (String t : List.of("websocket", "polling")) {
            String f = "echo-" + t + ".json";
            row("echo " + t + ": acks/s", f, "echo.perSecond", "%,.0f", true);
            row("echo " + t + ": latency p50 (µs)", f, "echo.latency.p50Us", "%,.0f", false);
            row("echo " + t + ": latency p99 (µs)", f, "echo.latency.p99Us", "%,.0f", false);
            row("echo " + t + ": errors", f, "echo.errors", null, false);
            cpuRow("echo " + t, f, "echo");
        }
        row("idle: connected / held of " + idleN, "idle.json", null, null, false);
        memoryRow("idle: retained heap per connection (kB)", "heapBytes", idleN);
        memoryRow("idle: RSS per connection (kB)", "rssBytes", idleN);
        row("idle: connect rate (conn/s)", "idle.json", "connect.perSecond", "%,.0f", true);
        cpuRow("idle hold", "idle.json", "idle");
        Double defaults = perConnection(read("jakarta-tomcat-defaults-memory.json"), "heapBytes", idleN);
        if (defaults != null) {
            Double rss = perConnection(read("jakarta-tomcat-defaults-memory.json"), "rssBytes", idleN);
            line("| idle, Tomcat's default buffers: heap / RSS per connection (kB) | "
                    + String.format(Locale.ROOT, "%.1f / %.1f", defaults, rss) + " | | | | |");
        }
        line("");
        line("The bare server's long-polling rows are its bare servlet at `/bare-poll` (blocking"
                + " POST read, GET held async, no Engine.IO), the ceiling for long-polling on this"
                + " Tomcat.");
        line("");
        targets(ns, idleN);
        line("");
    }

    /**
     * The cluster phase: two nodes of each kind on one Redis, clients split over them, the
     * broadcast asked on the first; Redis's cost per broadcast (one message emitted to all).
     */
    private void cluster(List<Integer> ns) throws IOException {
        line("| | " + String.join(" | ", SERVERS.stream().map(NAMES::get).toList())
                + " | Jakarta / Node | Jakarta / bare |");
        line("|---|---:|---:|---:|---:|---:|");
        for (int n : ns) {
            String f = "cluster-fanout-" + n + ".json";
            String c = "cluster fanout N=" + n;
            row(c + ": delivered msg/s", f, "fanout.rate", "%,.0f", true);
            row(c + ": latency p50 (ms)", f, "fanout.latency.p50Ms", "%,.0f", false);
            row(c + ": latency p99 (ms)", f, "fanout.latency.p99Ms", "%,.0f", false);
            row(c + ": errors", f, "fanout.errors", null, false);
            cpuRow(c + " (both nodes)", f, "fanout");
            row(c + ": Redis commands per broadcast", f, "fanout.redis.perBroadcast.commands",
                    "%,.2f", true);
            row(c + ": Redis PUBLISH per broadcast", f, "fanout.redis.perBroadcast.publish",
                    "%,.2f", true);
            row(c + ": Redis bytes in per broadcast", f, "fanout.redis.perBroadcast.netInputBytes",
                    "%,.0f", true);
            row(c + ": Redis bytes out per broadcast", f,
                    "fanout.redis.perBroadcast.netOutputBytes", "%,.0f", true);
        }
        line("");
        line("Two nodes of each kind with the Redis adapter (ours: `RedisAdapterFactory`, Node:"
                + " `@socket.io/redis-adapter`) on one redis-server; clients round-robin over the"
                + " nodes, the broadcast asked on the first. A broadcast is one message emitted to"
                + " all clients (M per round); Redis's counters are read around each measured"
                + " round (INFO's own traffic taken off). CPU \"server\" is both nodes together.");
        line("");
        line("| target | measured | verdict |");
        line("|---|---|---|");
        int big = ns.get(ns.size() - 1);
        String f = "cluster-fanout-" + big + ".json";
        ratioTarget("cluster fanout N=" + big + ": msg/s ≥ 1.5× Node", f, "fanout.rate", "node",
                1.5, true);
        ratioTarget("cluster fanout N=" + big + ": p99 ≤ Node", f, "fanout.latency.p99Ms", "node",
                1.0, false);
        line("");
    }

    /**
     * The recovery phase: each Socket.IO server with connection state recovery off, then on
     * (fresh servers, the same load), and the ratio on / off.
     */
    private void recovery(List<Integer> ns) throws IOException {
        line("| | recovery off | recovery on | on / off |");
        line("|---|---:|---:|---:|");
        for (String s : List.of("jakarta", "node")) {
            for (int n : ns) {
                recoveryRow(s, "fanout N=" + n + ": delivered msg/s", "fanout-" + n + ".json",
                        "fanout.rate");
                recoveryRow(s, "fanout N=" + n + ": latency p99 (ms)", "fanout-" + n + ".json",
                        "fanout.latency.p99Ms");
                recoveryRow(s, "fanout N=" + n + ": errors", "fanout-" + n + ".json",
                        "fanout.errors.missing");
            }
            recoveryRow(s, "echo WebSocket: acks/s", "echo-websocket.json", "echo.perSecond");
            recoveryRow(s, "echo long-polling: acks/s", "echo-polling.json", "echo.perSecond");
        }
        line("");
        line("Connection state recovery off, then on (2 minutes, the reference's defaults; ours"
                + " also caps the store at 10,000 packets and 32 MiB per namespace): every"
                + " broadcast is stored and carries its offset as a last argument. Target: within"
                + " 15% of off.");
        line("");
    }

    private void recoveryRow(String server, String label, String file, String path)
            throws IOException {
        Map<String, Object> off = read(server + "-recovery-off-" + file);
        Map<String, Object> on = read(server + "-recovery-on-" + file);
        if (off == null && on == null) {
            return;
        }
        Double a = off == null ? null : numberOrNull(get(off, path));
        Double b = on == null ? null : numberOrNull(get(on, path));
        line("| " + NAMES.get(server) + ": " + label + " | " + (a == null ? "–" : fmt(a)) + " | "
                + (b == null ? "–" : fmt(b)) + " | " + (a == null || b == null || a == 0 ? "–"
                        : String.format(Locale.ROOT, "%.2f", b / a)) + " |");
    }

    /** Whether the run has results of this embedded server. */
    private boolean ownServer(String server) throws IOException {
        try (var files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(server + "-"));
        }
    }

    private boolean hasAny(String suffix) {
        for (String s : SERVERS) {
            if (Files.isRegularFile(dir.resolve(s + "-" + suffix))) {
                return true;
            }
        }
        return false;
    }

    private void targets(List<Integer> ns, int idleN) throws IOException {
        line("| target | measured | verdict |");
        line("|---|---|---|");
        int big = ns.isEmpty() ? 5000 : ns.get(ns.size() - 1);
        String f = "fanout-" + big + ".json";
        ratioTarget("fanout N=" + big + ": msg/s ≥ 2× Node", f, "fanout.rate", "node", 2.0, true);
        ratioTarget("fanout N=" + big + ": p99 ≤ Node", f, "fanout.latency.p99Ms", "node", 1.0, false);
        ratioTarget("echo WebSocket: acks/s ≥ 1.25× Node", "echo-websocket.json", "echo.perSecond",
                "node", 1.25, true);
        ratioTarget("echo WebSocket: p99 ≤ Node", "echo-websocket.json", "echo.latency.p99Us",
                "node", 1.0, false);
        ratioTarget("echo long-polling: acks/s ≥ 1.5× Node", "echo-polling.json", "echo.perSecond",
                "node", 1.5, true);
        ceiling("echo WebSocket: the bare endpoint against Node", "echo-websocket.json");
        ceiling("echo long-polling: the bare servlet against Node", "echo-polling.json");
        Map<String, Object> mem = read("jakarta-memory.json");
        Map<String, Object> idle = read("jakarta-idle.json");
        Double perConn = perConnection(mem, "heapBytes", idleN);
        Object held = get(idle, "idle.held");
        long errors = intValue(get(idle, "connect.failed"), -1)
                + intValue(get(idle, "idle.closedDuringHold"), 0);
        boolean ok = perConn != null && perConn <= 15.0 && intValue(held, 0) == idleN && errors == 0;
        line("| " + idleN + " idle WebSocket connections, ≤ 15 kB retained heap each, no errors | "
                + (perConn == null ? "n/a" : String.format(Locale.ROOT, "%.1f kB", perConn))
                + " per connection, " + held + " held, " + errors + " errors | "
                + (perConn == null ? "not measured" : ok ? "met" : "missed") + " |");
        for (int n : ns) {
            ratioTarget("fanout N=" + n + ": msg/s ≥ 70% of bare JSR-356", "fanout-" + n + ".json",
                    "fanout.rate", "bare", 0.70, true);
        }
    }

    /** Not a target: how far the bare server itself gets against Node, for the echo targets. */
    private void ceiling(String name, String file) throws IOException {
        Double bare = numberOrNull(get(read("bare-" + file), "echo.perSecond"));
        Double node = numberOrNull(get(read("node-" + file), "echo.perSecond"));
        if (bare != null && node != null && node != 0) {
            line("| (ceiling) " + name + " | " + fmt(bare) + " vs " + fmt(node) + ": "
                    + String.format(Locale.ROOT, "%.2f×", bare / node) + " | – |");
        }
    }

    private void ratioTarget(String name, String file, String path, String against, double bound,
            boolean higherIsBetter) throws IOException {
        Double mine = numberOrNull(get(read("jakarta-" + file), path));
        Double theirs = numberOrNull(get(read(against + "-" + file), path));
        if (mine == null || theirs == null || theirs == 0) {
            line("| " + name + " | n/a | not measured |");
            return;
        }
        double ratio = mine / theirs;
        boolean met = higherIsBetter ? ratio >= bound : ratio <= bound;
        line("| " + name + " | " + fmt(mine) + " vs " + fmt(theirs) + ": "
                + String.format(Locale.ROOT, "%.2f×", ratio) + " | " + (met ? "met" : "missed") + " |");
    }

    private void row(String label, String file, String path, String format, boolean ratios)
            throws IOException {
        List<String> cells = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String s : SERVERS) {
            Map<String, Object> r = read(s + "-" + file);
            if (r == null) {
                cells.add("–");
                values.add(null);
                continue;
            }
            if (path == null) { // idle: connected / held
                cells.add(get(r, "connect.connected") + " / " + get(r, "idle.held")
                        + errorsOf(get(r, "closeReasons")));
                values.add(null);
                continue;
            }
            Object v = get(r, path);
            if (format == null) {
                cells.add(errors(v));
                values.add(null);
            } else {
                Double d = numberOrNull(v);
                if (d != null && d < 0) {
                    d = null; // no samples
                }
                cells.add(d == null ? "–" : String.format(Locale.ROOT, format, d));
                values.add(d);
            }
        }
        line("| " + label + " | " + String.join(" | ", cells) + " | " + ratio(values, 1, ratios)
                + " | " + ratio(values, 2, ratios) + " |");
    }

    /** The slowest and the fastest measured round of a fanout, per server. */
    private void rangeRow(String label, String file) throws IOException {
        List<String> cells = new ArrayList<>();
        for (String s : SERVERS) {
            Map<String, Object> r = read(s + "-" + file);
            Double min = r == null ? null : numberOrNull(get(r, "fanout.rateMin"));
            Double max = r == null ? null : numberOrNull(get(r, "fanout.rateMax"));
            cells.add(min == null || max == null ? "–" : fmt(min) + " / " + fmt(max));
        }
        line("| " + label + " | " + String.join(" | ", cells) + " | | |");
    }

    private void cpuRow(String label, String file, String section) throws IOException {
        List<String> cells = new ArrayList<>();
        for (String s : SERVERS) {
            Map<String, Object> r = read(s + "-" + file);
            if (r == null) {
                cells.add("–");
                continue;
            }
            cells.add(pct(get(r, section + ".serverCpuPercent")) + " / "
                    + pct(get(r, section + ".driverCpuPercent")) + " / "
                    + pct(get(r, section + ".otherCpuPercent")));
        }
        line("| " + label + ": CPU % server / driver / other | " + String.join(" | ", cells)
                + " | | |");
    }

    private void memoryRow(String label, String key, int n) throws IOException {
        List<String> cells = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String s : SERVERS) {
            Double v = perConnection(read(s + "-memory.json"), key, n);
            cells.add(v == null ? "–" : String.format(Locale.ROOT, "%.1f", v));
            values.add(v);
        }
        line("| " + label + " | " + String.join(" | ", cells) + " | " + ratio(values, 1, true)
                + " | " + ratio(values, 2, true) + " |");
    }

    private static Double perConnection(Map<String, Object> mem, String key, int n) {
        if (mem == null) {
            return null;
        }
        Double before = numberOrNull(get(mem, "baseline." + key));
        Double after = numberOrNull(get(mem, "loaded." + key));
        if (before == null || after == null) {
            return null;
        }
        return (after - before) / n / 1000.0;
    }

    private static String ratio(List<Double> values, int other, boolean show) {
        Double a = values.get(0);
        Double b = values.get(other);
        if (!show || a == null || b == null || b == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f×", a / b);
    }

    static String errors(Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            return "–";
        }
        long total = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getValue() instanceof Number n && !"example".equals(e.getKey())) {
                total += n.longValue();
            }
        }
        return total == 0 ? "0" : m.entrySet().stream()
                .filter(e -> e.getValue() instanceof Number n && n.longValue() != 0)
                .map(e -> e.getKey() + " " + e.getValue()).reduce((x, y) -> x + ", " + y).orElse("?");
    }

    private static String errorsOf(Object reasons) {
        if (reasons instanceof Map<?, ?> m && !m.isEmpty()) {
            return " (" + m.size() + " close reasons)";
        }
        return "";
    }

    static String pct(Object v) {
        Double d = numberOrNull(v);
        return d == null ? "?" : String.format(Locale.ROOT, "%.0f", d);
    }

    static String fmt(double v) {
        return Math.abs(v) >= 10 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /** The N of the files {@code <server>-<kind>-<N>.json}, sorted. */
    private List<Integer> sizes(String kind) throws IOException {
        List<Integer> ns = new ArrayList<>();
        try (var files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> SERVERS.stream().anyMatch(s -> n.startsWith(s + "-" + kind + "-")))
                    .map(n -> n.replaceAll("^[a-z]+-" + kind + "-(\\d+)\\.json$", "$1"))
                    .filter(n -> n.matches("\\d+"))
                    .map(Integer::parseInt)
                    .distinct()
                    .sorted()
                    .forEach(ns::add);
        }
        return ns;
    }

    private Map<String, Object> read(String file) throws IOException {
        return read(dir, file);
    }

    /** A result file of the run as a JSON object, or null when absent or empty. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path dir, String file) throws IOException {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            return null;
        }
        String text = Files.readString(p).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return (Map<String, Object>) Json.parse(text);
        } catch (ParseException | ClassCastException e) {
            try { // the last line, when something else was printed before it
                return (Map<String, Object>) Json.parse(text.lines().reduce((a, b) -> b).orElse(text));
            } catch (ParseException | ClassCastException e2) {
                return null;
            }
        }
    }

    static Object get(Map<String, Object> map, String path) {
        Object v = map;
        for (String k : path.split("\\.")) {
            if (!(v instanceof Map<?, ?> m)) {
                return null;
            }
            v = m.get(k);
        }
        return v;
    }

    static Double numberOrNull(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }

    private static double number(Object v) {
        Double d = numberOrNull(v);
        return d == null ? Double.NaN : d;
    }

    private static int intValue(Object v, int fallback) {
        return v instanceof Number n ? n.intValue() : fallback;
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
