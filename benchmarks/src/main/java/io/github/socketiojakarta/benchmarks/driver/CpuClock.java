package io.github.socketiojakarta.benchmarks.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/<pid>/stat} (user + system, all threads), to tell
 * how busy the driver and the server were during a measurement. Of several processes (the nodes
 * of a cluster), their sum.
 */
final class CpuClock {
    /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} times, on every x86-64 and arm64. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final long[] pids;

    CpuClock(long... pids) {
        this.pids = pids.clone();
    }

    static CpuClock self() {
        return new CpuClock(ProcessHandle.current().pid());
    }

    /** CPU seconds used so far, or NaN when the process cannot be read. */
    double seconds() {
        if (pids.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (long pid : pids) {
            sum += seconds(pid);
        }
        return sum;
    }

    private static double seconds(long pid) {
        if (pid <= 0) {
            return Double.NaN;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Busy CPU seconds of the whole machine (all cores, from {@code /proc/stat}: everything but
     * idle and iowait), or NaN.
     */
    static double machineSeconds() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = line.trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** A started measurement of the whole machine, see {@link #machineSeconds()}. */
    static Span machine() {
        return new CpuClock(-1).new Span(machineSeconds(), System.nanoTime(), true);
    }

    /** A started measurement. */
    Span start() {
        return new Span(seconds(), System.nanoTime(), false);
    }

    /** CPU seconds and wall time from a start. */
    final class Span {
        private final double cpu0;
        private final long wall0;
        private final boolean machine;

        private Span(double cpu0, long wall0, boolean machine) {
            this.cpu0 = cpu0;
            this.wall0 = wall0;
            this.machine = machine;
        }

        /** Percent of one core used since the start (100 = one core fully busy). */
        double percent() {
            double wall = (System.nanoTime() - wall0) / 1e9;
            double now = machine ? machineSeconds() : seconds();
            return wall <= 0 ? Double.NaN : Math.round((now - cpu0) / wall * 1000) / 10.0;
        }
    }

    /**
     * The CPU use of the driver, the server and everything else on the machine over one
     * measurement window, in percent of one core.
     */
    static final class Window {
        private final Span driver;
        private final Span server;
        private final Span machine;
        private java.util.Map<String, Object> result;

        Window(CpuClock server) {
            this.driver = self().start();
            this.server = server.start();
            this.machine = machine();
        }

        /** Ends the window (once) and returns the three figures. */
        java.util.Map<String, Object> end() {
            if (result == null) {
                double d = driver.percent();
                double s = server.percent();
                double m = machine.percent();
                result = new java.util.LinkedHashMap<>();
                result.put("driverCpuPercent", d);
                result.put("serverCpuPercent", s);
                result.put("otherCpuPercent", Double.isNaN(s) ? null
                        : Math.max(0, Math.round((m - d - s) * 10) / 10.0));
            }
            return result;
        }
    }

    /**
     * CPU use summed over several windows (e.g. the rounds of a fanout, without the pauses
     * between them), in percent of one core: driver, server, and the rest of the machine.
     */
    static final class Accumulator {
        private final CpuClock server;
        private final CpuClock driver = self();
        private double driverCpu;
        private double serverCpu;
        private double machineCpu;
        private long wallNanos;
        private double d0;
        private double s0;
        private double m0;
        private long w0;

        Accumulator(CpuClock server) {
            this.server = server;
        }

        void start() {
            d0 = driver.seconds();
            s0 = server.seconds();
            m0 = machineSeconds();
            w0 = System.nanoTime();
        }

        void stop() {
            driverCpu += driver.seconds() - d0;
            serverCpu += server.seconds() - s0;
            machineCpu += machineSeconds() - m0;
            wallNanos += System.nanoTime() - w0;
        }

        java.util.Map<String, Object> result() {
            double wall = wallNanos / 1e9;
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            if (wall <= 0) {
                return m;
            }
            double d = Math.round(driverCpu / wall * 1000) / 10.0;
            double s = Math.round(serverCpu / wall * 1000) / 10.0;
            double all = Math.round(machineCpu / wall * 1000) / 10.0;
            m.put("driverCpuPercent", d);
            m.put("serverCpuPercent", Double.isNaN(s) ? null : s);
            m.put("otherCpuPercent", Double.isNaN(s) ? null : Math.max(0, Math.round((all - d - s) * 10) / 10.0));
            return m;
        }
    }
}
