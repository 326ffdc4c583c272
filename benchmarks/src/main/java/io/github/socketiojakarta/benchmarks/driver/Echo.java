package io.github.socketiojakarta.benchmarks.driver;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Echo: every client emits {@code bench:echo {"seq":n,"pad":"<16 x>"}} with an ack and emits the
 * next one as soon as the ack arrives (closed loop). After a warm-up, acks are counted over a
 * fixed window; latency is from the emit to the ack ({@code nanoTime}). The ack must carry
 * exactly the argument sent.
 */
final class Echo extends Scenario {
    private static final String PAD = "x".repeat(16);

    private final Samples latencies = new Samples();
    private boolean measuring;
    private boolean stopping;
    private long acks;
    private long windowStart;
    private long windowEnd;
    private int outstanding;
    long wrongAcks;
    String badSample;

    Echo(Loop loop, Target target) {
        super(loop, target);
    }

    /** Runs the loop on the connected clients and returns the result. */
    Map<String, Object> run(long warmupMillis, long measureMillis, CpuClock server) {
        loop.call(() -> {
            for (Client c : clients) {
                if (c.connected && !c.closed) {
                    send(c);
                }
            }
            return null;
        });
        sleep(warmupMillis);
        CpuClock.Window cpu = new CpuClock.Window(server);
        loop.call(() -> {
            measuring = true;
            acks = 0;
            windowStart = System.nanoTime();
            return null;
        });
        sleep(measureMillis);
        loop.call(() -> {
            measuring = false;
            stopping = true;
            windowEnd = System.nanoTime();
            return null;
        });
        Map<String, Object> cpuUse = cpu.end();
        long deadline = System.currentTimeMillis() + 5000;
        while (loop.call(() -> outstanding) > 0 && System.currentTimeMillis() < deadline) {
            sleep(20);
        }
        return loop.call(() -> {
            double seconds = (windowEnd - windowStart) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seconds", round(seconds, 3));
            m.put("acks", acks);
            m.put("perSecond", Math.round(acks / seconds));
            Map<String, Object> lat = new LinkedHashMap<>();
            lat.put("samples", latencies.size());
            lat.put("p50Us", latencies.quantile(0.50));
            lat.put("p99Us", latencies.quantile(0.99));
            lat.put("maxUs", latencies.max());
            m.put("latency", lat);
            m.putAll(cpuUse);
            Map<String, Object> errors = new LinkedHashMap<>();
            errors.put("unanswered", outstanding);
            errors.put("wrongAck", wrongAcks);
            errors.put("closed", closedAfterConnect);
            if (badSample != null) {
                errors.put("example", badSample);
            }
            m.put("errors", errors);
            return m;
        });
    }

    private void send(Client c) {
        c.seq++;
        String arg = "{\"seq\":" + c.seq + ",\"pad\":\"" + PAD + "\"}";
        c.expected = Client.ascii("[" + arg + "]");
        c.sentAt = System.nanoTime();
        outstanding++;
        c.emit(c.seq, "bench:echo", arg);
    }

    @Override
    public void onEvent(Client c, byte[] b, int off, int len) {
        wrong("unexpected event", b, off, len);
    }

    @Override
    public void onAck(Client c, long id, byte[] b, int off, int len) {
        long now = System.nanoTime();
        if (id != c.seq || !equals(b, off, len, c.expected)) {
            wrong("ack " + id + " for " + c.seq, b, off, len);
            return;
        }
        outstanding--;
        c.expected = null;
        if (measuring) {
            acks++;
            latencies.add((now - c.sentAt) / 1000);
        }
        if (!stopping) {
            send(c);
        }
    }

    @Override
    void onLost(Client c) {
        if (c.expected != null) {
            outstanding--;
            c.expected = null;
        }
    }

    private void wrong(String what, byte[] b, int off, int len) {
        wrongAcks++;
        if (badSample == null) {
            badSample = what + ": " + text(b, off, len);
        }
    }
}
