package io.github.socketiojakarta.benchmarks.driver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What every scenario does: connect a crowd of clients with a bound on handshakes in flight,
 * count failures and unexpected closes with their reasons, close them all. The scenario thread
 * calls the public-ish methods; the listener methods run on the loop thread. With several
 * targets (the nodes of a cluster), client {@code i} connects to target {@code i mod targets}.
 */
abstract class Scenario implements Client.Listener {
    final Loop loop;
    final Target target;
    final List<Target> targets;
    final List<Client> clients = new ArrayList<>();

    private int toConnect;
    private int concurrency;
    private int started;
    private int inFlight;
    int connected;
    int failedConnects;
    int closedAfterConnect;
    private long connectStart;
    private long connectEnd;
    private CompletableFuture<Void> allConnected;
    private final Map<String, Integer> closeReasons = new TreeMap<>();

    Scenario(Loop loop, Target target) {
        this(loop, List.of(target));
    }

    Scenario(Loop loop, List<Target> targets) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no target");
        }
        this.loop = loop;
        this.target = targets.get(0);
        this.targets = List.copyOf(targets);
    }

    /**
     * Connects {@code n} clients, at most {@code concurrency} handshakes at a time; the result
     * carries the CPU use of the driver, the server and the rest of the machine meanwhile, and
     * the server's CPU milliseconds per 1,000 connections (steadier than the rate on a busy
     * machine).
     */
    final Map<String, Object> connect(int n, int concurrency, long timeoutMillis, CpuClock server) {
        CpuClock.Window cpu = new CpuClock.Window(server);
        double serverCpu0 = server.seconds();
        CompletableFuture<Void> done = loop.call(() -> {
            toConnect = n;
            this.concurrency = concurrency;
            allConnected = new CompletableFuture<>();
            connectStart = System.nanoTime();
            startMore();
            return allConnected;
        });
        boolean timedOut = false;
        try {
            done.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
        boolean late = timedOut;
        Map<String, Object> usage = cpu.end();
        double serverCpu = server.seconds() - serverCpu0;
        return loop.call(() -> {
            if (late) {
                connectEnd = System.nanoTime();
                toConnect = started; // stop starting more
            }
            double seconds = (connectEnd - connectStart) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clients", n);
            m.put("connected", connected);
            m.put("failed", failedConnects + (n - connected - failedConnects));
            m.put("seconds", round(seconds, 3));
            m.put("perSecond", seconds > 0 ? Math.round(connected / seconds) : 0);
            m.put("concurrency", concurrency);
            m.putAll(usage);
            if (!Double.isNaN(serverCpu) && connected > 0) {
                m.put("serverCpuMsPer1000", Math.round(serverCpu * 1e6 / connected));
            }
            if (late) {
                m.put("timedOut", true);
            }
            return m;
        });
    }

    private void startMore() {
        while (inFlight < concurrency && started < toConnect) {
            int index = started++;
            Client c = targets.get(index % targets.size()).newClient(index, this);
            clients.add(c);
            inFlight++;
            c.startedAt = System.nanoTime();
            c.start();
        }
        checkConnected();
    }

    private void checkConnected() {
        if (allConnected != null && !allConnected.isDone() && connected + failedConnects >= toConnect) {
            connectEnd = System.nanoTime();
            allConnected.complete(null);
        }
    }

    @Override
    public void onConnected(Client c) {
        connected++;
        inFlight--;
        loop.later(this::startMore);
        onReady(c);
    }

    @Override
    public final void onClosed(Client c, String why) {
        String reason = why.length() > 120 ? why.substring(0, 120) : why;
        closeReasons.merge(reason, 1, Integer::sum);
        if (!c.connected) {
            failedConnects++;
            inFlight--;
            loop.later(this::startMore);
        } else {
            closedAfterConnect++;
            onLost(c);
        }
    }

    /** A client has connected (loop thread). */
    void onReady(Client c) {}

    /** A connected client was closed by the server or failed (loop thread). */
    void onLost(Client c) {}

    /** Closes every client. */
    final void closeAll() {
        loop.call(() -> {
            for (Client c : clients) {
                if (!c.closed) {
                    c.close();
                }
            }
            return null;
        });
    }

    /** Failures and unexpected closes by reason (the 10 most frequent). */
    final Map<String, Object> closeReasons() {
        return loop.call(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            closeReasons.entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .limit(10)
                    .forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static boolean startsWith(byte[] b, int off, int len, byte[] prefix) {
        if (len < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[off + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static boolean equals(byte[] b, int off, int len, byte[] expected) {
        return len == expected.length && startsWith(b, off, len, expected);
    }

    static String text(byte[] b, int off, int len) {
        return new String(b, off, Math.min(len, 200), StandardCharsets.UTF_8);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
