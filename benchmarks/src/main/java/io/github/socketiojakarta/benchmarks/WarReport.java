package io.github.socketiojakarta.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The deployed-WAR table of a {@code benchmarks/run.sh} run: the bench WAR on WildFly
 * ({@code SERVERS=wildfly}) and on a standalone Tomcat ({@code tomcat-war}), next to the Node.js
 * server of the same run, with the fanout target against Node for WildFly. Empty when the run
 * has no WAR kind. Used by {@link Report}; stateless.
 */
final class WarReport {
    private static final List<String> KINDS = List.of("wildfly", "tomcat-war", "node");
    private static final Map<String, String> NAMES = Map.of("wildfly", "WildFly (WAR)",
            "tomcat-war", "standalone Tomcat (WAR)", "node", "Node socket.io");

    private final Path dir;
    private final StringBuilder out = new StringBuilder();

    private WarReport(Path dir) {
        this.dir = dir;
    }

    /** The table and the target for the run in {@code dir}, or "" when it has no WAR kind. */
    static String render(Path dir) throws IOException {
        return new WarReport(dir).table();
    }

    private String table() throws IOException {
        TreeSet<Integer> ns = new TreeSet<>();
        boolean any = false;
        try (var files = Files.list(dir)) {
            for (String n : files.map(p -> p.getFileName().toString()).toList()) {
                if (n.startsWith("wildfly-") || n.startsWith("tomcat-war-")) {
                    any = true;
                    String m = n.replaceAll("^(wildfly|tomcat-war)-fanout-(\\d+)\\.json$", "$2");
                    if (m.matches("\\d+")) {
                        ns.add(Integer.parseInt(m));
                    }
                }
            }
        }
        if (!any) {
            return "";
        }
        line("| deployed WAR | " + String.join(" | ", KINDS.stream().map(NAMES::get).toList())
                + " | WildFly / Node | Tomcat WAR / Node |");
        line("|---|---:|---:|---:|---:|---:|");
        for (int n : ns) {
            String f = "fanout-" + n + ".json";
            row("fanout N=" + n + ": delivered msg/s", f, "fanout.rate", true);
            range("fanout N=" + n + ": msg/s of the slowest / fastest round", f);
            row("fanout N=" + n + ": latency p50 (ms)", f, "fanout.latency.p50Ms", false);
            row("fanout N=" + n + ": latency p99 (ms)", f, "fanout.latency.p99Ms", false);
            errors("fanout N=" + n + ": errors", f, "fanout.errors");
            cpu("fanout N=" + n, f, "fanout");
        }
        for (String t : List.of("websocket", "polling")) {
            String f = "echo-" + t + ".json";
            if (read("wildfly-" + f) == null && read("tomcat-war-" + f) == null) {
                continue;
            }
            row("echo " + t + ": acks/s", f, "echo.perSecond", true);
            row("echo " + t + ": latency p99 (µs)", f, "echo.latency.p99Us", false);
            errors("echo " + t + ": errors", f, "echo.errors");
            cpu("echo " + t, f, "echo");
        }
        idle();
        line("");
        line("The bench WAR as ROOT.war on WildFly and on a standalone Tomcat, each with its stock"
                + " configuration (`scripts/bench-war-server`; Tomcat's connector with"
                + " maxKeepAliveRequests=-1 as the embedded server), the server JVM flags below plus"
                + " WILDFLY_OPTS / TOMCAT_WAR_OPTS (in the parameters); the embedded servers' Tomcat"
                + " settings do not apply to them.");
        line("");
        if (!ns.isEmpty()) {
            int big = ns.last();
            String f = "fanout-" + big + ".json";
            Double wildfly = Report.numberOrNull(Report.get(read("wildfly-" + f), "fanout.rate"));
            Double node = Report.numberOrNull(Report.get(read("node-" + f), "fanout.rate"));
            line("| target | measured | verdict |");
            line("|---|---|---|");
            if (wildfly == null || node == null || node == 0) {
                line("| fanout N=" + big + " on WildFly: msg/s ≥ 2× Node | n/a | not measured |");
            } else {
                line("| fanout N=" + big + " on WildFly: msg/s ≥ 2× Node | " + Report.fmt(wildfly)
                        + " vs " + Report.fmt(node) + ": "
                        + String.format(Locale.ROOT, "%.2f×", wildfly / node) + " | "
                        + (wildfly / node >= 2.0 ? "met" : "missed") + " |");
            }
            line("");
        }
        return out.toString();
    }

    /** The idle phase's rows, when the run has it: connections held, heap and RSS per one. */
    private void idle() throws IOException {
        List<String> held = new ArrayList<>();
        List<String> heap = new ArrayList<>();
        List<String> rss = new ArrayList<>();
        boolean any = false;
        for (String k : KINDS) {
            Map<String, Object> r = read(k + "-idle.json");
            Map<String, Object> mem = read(k + "-memory.json");
            any |= r != null;
            held.add(r == null ? "–" : Report.get(r, "connect.connected") + " / "
                    + Report.get(r, "idle.held") + " (" + Report.get(r, "idle.closedDuringHold")
                    + " closed)");
            heap.add(perConnection(mem, "heapBytes"));
            rss.add(perConnection(mem, "rssBytes"));
        }
        if (any) {
            line("| idle: connected / held | " + String.join(" | ", held) + " | | |");
            line("| idle: retained heap per connection (kB) | " + String.join(" | ", heap) + " | | |");
            line("| idle: RSS per connection (kB) | " + String.join(" | ", rss) + " | | |");
        }
    }

    private static String perConnection(Map<String, Object> mem, String key) {
        Double n = mem == null ? null : Report.numberOrNull(Report.get(mem, "connections"));
        Double before = mem == null ? null : Report.numberOrNull(Report.get(mem, "baseline." + key));
        Double after = mem == null ? null : Report.numberOrNull(Report.get(mem, "loaded." + key));
        return n == null || before == null || after == null || n == 0 ? "–"
                : String.format(Locale.ROOT, "%.1f", (after - before) / n / 1000.0);
    }

    private Map<String, Object> read(String file) throws IOException {
        return Report.read(dir, file);
    }

    private void row(String label, String file, String path, boolean ratios) throws IOException {
        List<String> cells = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String k : KINDS) {
            Map<String, Object> r = read(k + "-" + file);
            Double d = r == null ? null : Report.numberOrNull(Report.get(r, path));
            if (d != null && d < 0) {
                d = null; // no samples
            }
            cells.add(d == null ? "–" : String.format(Locale.ROOT, "%,.0f", d));
            values.add(d);
        }
        Double node = values.get(2);
        String a = "";
        String b = "";
        if (ratios && node != null && node != 0) {
            a = values.get(0) == null ? "" : String.format(Locale.ROOT, "%.2f×", values.get(0) / node);
            b = values.get(1) == null ? "" : String.format(Locale.ROOT, "%.2f×", values.get(1) / node);
        }
        line("| " + label + " | " + String.join(" | ", cells) + " | " + a + " | " + b + " |");
    }

    private void range(String label, String file) throws IOException {
        List<String> cells = new ArrayList<>();
        for (String k : KINDS) {
            Map<String, Object> r = read(k + "-" + file);
            Double min = r == null ? null : Report.numberOrNull(Report.get(r, "fanout.rateMin"));
            Double max = r == null ? null : Report.numberOrNull(Report.get(r, "fanout.rateMax"));
            cells.add(min == null || max == null ? "–" : Report.fmt(min) + " / " + Report.fmt(max));
        }
        line("| " + label + " | " + String.join(" | ", cells) + " | | |");
    }

    private void errors(String label, String file, String path) throws IOException {
        List<String> cells = new ArrayList<>();
        for (String k : KINDS) {
            Map<String, Object> r = read(k + "-" + file);
            cells.add(r == null ? "–" : Report.errors(Report.get(r, path)));
        }
        line("| " + label + " | " + String.join(" | ", cells) + " | | |");
    }

    private void cpu(String label, String file, String section) throws IOException {
        List<String> cells = new ArrayList<>();
        for (String k : KINDS) {
            Map<String, Object> r = read(k + "-" + file);
            cells.add(r == null ? "–" : Report.pct(Report.get(r, section + ".serverCpuPercent"))
                    + " / " + Report.pct(Report.get(r, section + ".driverCpuPercent")) + " / "
                    + Report.pct(Report.get(r, section + ".otherCpuPercent")));
        }
        line("| " + label + ": CPU % server / driver / other | " + String.join(" | ", cells)
                + " | | |");
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
