package io.github.socketiojakarta.benchmarks.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Idle: N connected clients that only answer heartbeats, held until a release file appears (and
 * at least a minimum time, so heartbeats happen), while the caller measures the server's memory.
 * Any close during the hold is an error.
 */
final class Idle extends Scenario {
    private long unexpected;

    Idle(Loop loop, Target target) {
        super(loop, target);
    }

    /**
     * Holds the connected clients.
     *
     * @param readyFile written once the clients are connected (null: none)
     * @param releaseFile the hold ends once it exists and {@code minMillis} passed (null: at
     *     {@code minMillis})
     */
    Map<String, Object> hold(long minMillis, long maxMillis, Path readyFile, Path releaseFile,
            CpuClock server) {
        int closedBefore = loop.call(() -> closedAfterConnect);
        int pingsBefore = loop.call(this::pings);
        if (readyFile != null) {
            try {
                Files.writeString(readyFile, "ready\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        CpuClock.Window cpu = new CpuClock.Window(server);
        long start = System.currentTimeMillis();
        while (true) {
            long elapsed = System.currentTimeMillis() - start;
            boolean released = releaseFile == null || Files.exists(releaseFile);
            if (elapsed >= maxMillis || (elapsed >= minMillis && released)) {
                break;
            }
            sleep(100);
        }
        long heldMillis = System.currentTimeMillis() - start;
        Map<String, Object> cpuUse = cpu.end();
        return loop.call(() -> {
            Map<String, Object> m = new LinkedHashMap<>();
            int alive = 0;
            for (Client c : clients) {
                if (c.connected && !c.closed) {
                    alive++;
                }
            }
            m.put("held", alive);
            m.put("heldSeconds", round(heldMillis / 1000.0, 1));
            m.put("closedDuringHold", closedAfterConnect - closedBefore);
            m.put("pingsAnswered", pings() - pingsBefore);
            m.put("unexpectedMessages", unexpected);
            m.putAll(cpuUse);
            return m;
        });
    }

    private int pings() {
        int n = 0;
        for (Client c : clients) {
            n += c.pings;
        }
        return n;
    }

    @Override
    public void onEvent(Client c, byte[] b, int off, int len) {
        unexpected++;
    }

    @Override
    public void onAck(Client c, long id, byte[] b, int off, int len) {
        unexpected++;
    }
}
