package io.github.socketiojakarta.benchmarks.driver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fanout: N connected clients; client 0 asks for {@code bench:broadcast {count:M,size:S}}; every
 * client must receive the M messages in order, then client 0 the ack. A round's rate is
 * {@code N*M} over the time from the request to the last message; latency is the receive time
 * minus the message's {@code t} (both {@code currentTimeMillis} on this machine). Warm-up rounds
 * are not counted; the rate reported is the median of the measured rounds, the latency
 * quantiles are over all their messages.
 *
 * <p>With several targets (the nodes of a cluster sharing a Redis adapter), client {@code i}
 * connects to node {@code i mod nodes}, the request goes to node 0 (client 0 is there), and each
 * round also reports the messages received per node. With a {@link RedisStats}, each measured
 * round also reads what Redis did during it, and the result carries the totals and the cost per
 * broadcast (per message emitted: M per round).
 */
final class Fanout extends Scenario {
    private static final byte[] PREFIX = "[\"bench:msg\",{\"t\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INDEX = ",\"i\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PAD = ",\"pad\":\"".getBytes(StandardCharsets.US_ASCII);

    private final int count;
    private final int size;
    private final Samples latencies = new Samples();
    private final RedisStats redis;
    private final long[] receivedByNode;

    // round state, loop thread
    private Client requester;
    private long roundId;
    private long expected;
    private long received;
    private boolean acked;
    private String ackText;
    private long roundStart;
    private long lastReceive;
    private boolean measuring;
    private CompletableFuture<Void> roundDone;
    long orderErrors;
    long contractErrors;
    long lost;
    String badSample;

    Fanout(Loop loop, Target target, int count, int size) {
        this(loop, List.of(target), count, size, null);
    }

    Fanout(Loop loop, List<Target> targets, int count, int size, RedisStats redis) {
        super(loop, targets);
        this.count = count;
        this.size = size;
        this.redis = redis;
        this.receivedByNode = new long[targets.size()];
    }

    /** Runs the rounds and returns the result (connect first). */
    Map<String, Object> run(int warmups, int rounds, long pauseMillis, CpuClock server) {
        List<Double> rates = new ArrayList<>();
        List<Map<String, Object>> perRound = new ArrayList<>();
        CpuClock.Accumulator cpu = new CpuClock.Accumulator(server);
        long missing = 0;
        Map<String, Long> redisTotals = new java.util.TreeMap<>();
        for (int r = 0; r < warmups + rounds; r++) {
            boolean measured = r >= warmups;
            if (measured && redis != null) {
                redis.begin();
            }
            if (measured) {
                cpu.start();
            }
            long id = r + 1;
            CompletableFuture<Void> done = loop.call(() -> startRound(id, measured));
            long timeout = 30_000 + expectedNow() / 20;
            try {
                done.get(timeout, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // reported below as missing messages
            } catch (InterruptedException | ExecutionException e) {
                throw new IllegalStateException(e);
            }
            if (measured) {
                cpu.stop();
            }
            Map<String, Object> round = loop.call(this::endRound);
            if (measured && redis != null) {
                Map<String, Long> d = redis.end();
                round.put("redis", d);
                d.forEach((k, v) -> redisTotals.merge(k, v, Long::sum));
            }
            missing += (long) round.get("missing");
            if (measured) {
                perRound.add(round);
                rates.add((Double) round.get("rate"));
            }
            System.err.println("fanout " + target.label() + " round " + id + (measured ? "" : " (warm-up)")
                    + ": " + round);
            sleep(pauseMillis);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", median(rates));
        m.put("rateMin", rates.isEmpty() ? 0.0 : java.util.Collections.min(rates));
        m.put("rateMax", rates.isEmpty() ? 0.0 : java.util.Collections.max(rates));
        m.put("rounds", perRound);
        Map<String, Object> lat = loop.call(() -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("samples", latencies.size());
            l.put("p50Ms", latencies.quantile(0.50));
            l.put("p99Ms", latencies.quantile(0.99));
            l.put("maxMs", latencies.max());
            return l;
        });
        m.put("latency", lat);
        m.putAll(cpu.result());
        Map<String, Object> errors = new LinkedHashMap<>();
        errors.put("missing", missing);
        errors.put("outOfOrder", loop.call(() -> orderErrors));
        errors.put("contract", loop.call(() -> contractErrors));
        errors.put("closed", loop.call(() -> closedAfterConnect));
        String bad = loop.call(() -> badSample);
        if (bad != null) {
            errors.put("example", bad);
        }
        m.put("errors", errors);
        if (redis != null) {
            m.put("redis", redisResult(redisTotals, (long) rounds * count));
        }
        return m;
    }

    /** Redis's totals over the measured rounds, and per broadcast (per message emitted). */
    private static Map<String, Object> redisResult(Map<String, Long> totals, long broadcasts) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("broadcasts", broadcasts);
        r.put("totals", totals);
        Map<String, Object> per = new LinkedHashMap<>();
        if (broadcasts > 0) {
            per.put("commands", round(totals.getOrDefault("commands", 0L) / (double) broadcasts, 2));
            per.put("publish", round(totals.getOrDefault("cmd:publish", 0L) / (double) broadcasts, 2));
            per.put("netInputBytes", round(totals.getOrDefault("netInputBytes", 0L)
                    / (double) broadcasts, 1));
            per.put("netOutputBytes", round(totals.getOrDefault("netOutputBytes", 0L)
                    / (double) broadcasts, 1));
        }
        r.put("perBroadcast", per);
        return r;
    }

    private long expectedNow() {
        return loop.call(() -> (long) alive() * count);
    }

    private int alive() {
        int n = 0;
        for (Client c : clients) {
            if (c.connected && !c.closed) {
                n++;
            }
        }
        return n;
    }

    private CompletableFuture<Void> startRound(long id, boolean measured) {
        requester = null;
        java.util.Arrays.fill(receivedByNode, 0);
        for (Client c : clients) {
            c.nextIndex = 0;
            if (requester == null && c.connected && !c.closed) {
                requester = c;
            }
        }
        roundDone = new CompletableFuture<>();
        if (requester == null) {
            roundDone.complete(null);
            return roundDone;
        }
        roundId = id;
        expected = (long) alive() * count;
        received = 0;
        acked = false;
        ackText = null;
        measuring = measured;
        roundStart = System.nanoTime();
        lastReceive = roundStart;
        requester.emit(id, "bench:broadcast", "{\"count\":" + count + ",\"size\":" + size + "}");
        return roundDone;
    }

    private Map<String, Object> endRound() {
        double seconds = (lastReceive - roundStart) / 1e9;
        long missing = Math.max(0, expected - received);
        lost += missing;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", expected / Math.max(1, count));
        m.put("received", received);
        m.put("missing", missing);
        m.put("seconds", round(seconds, 3));
        m.put("rate", seconds > 0 ? round(received / seconds, 0) : 0.0);
        m.put("ack", ackText);
        if (receivedByNode.length > 1) {
            List<Long> byNode = new ArrayList<>();
            for (long n : receivedByNode) {
                byNode.add(n);
            }
            m.put("receivedByNode", byNode);
        }
        measuring = false;
        roundDone = null;
        return m;
    }

    @Override
    public void onEvent(Client c, byte[] b, int off, int len) {
        long now = System.currentTimeMillis();
        int end = off + len;
        if (!startsWith(b, off, len, PREFIX)) {
            contract("event", b, off, len);
            return;
        }
        int p = off + PREFIX.length;
        long t = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            t = t * 10 + (b[p++] - '0');
        }
        if (!startsWith(b, p, end - p, INDEX)) {
            contract("event", b, off, len);
            return;
        }
        p += INDEX.length;
        int i = 0;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            i = i * 10 + (b[p++] - '0');
        }
        if (!startsWith(b, p, end - p, PAD) || !padThenEnd(b, p + PAD.length, end)) {
            contract("event", b, off, len);
            return;
        }
        if (i != c.nextIndex) {
            orderErrors++;
        }
        c.nextIndex = i + 1;
        if (measuring) {
            latencies.add(now - t);
        }
        received++;
        receivedByNode[c.index % receivedByNode.length]++;
        lastReceive = System.nanoTime();
        checkDone();
    }

    /**
     * Whether the pad ({@code size} bytes) is followed by the end of the message: {@code "}]},
     * or, from a server with connection state recovery on, {@code "},} and one more argument
     * (the offset: a string without escapes, or {@code null}) then {@code ]}.
     */
    private boolean padThenEnd(byte[] b, int p, int end) {
        int q = p + size;
        if (q + 3 > end || b[q] != '"' || b[q + 1] != '}') {
            return false;
        }
        if (q + 3 == end) {
            return b[q + 2] == ']';
        }
        if (b[q + 2] != ',' || b[end - 1] != ']') {
            return false;
        }
        int a = q + 3;
        int z = end - 1;
        if (z - a == 4 && b[a] == 'n' && b[a + 1] == 'u' && b[a + 2] == 'l' && b[a + 3] == 'l') {
            return true;
        }
        if (z - a < 2 || b[a] != '"' || b[z - 1] != '"') {
            return false;
        }
        for (int k = a + 1; k < z - 1; k++) {
            if (b[k] == '"' || b[k] == '\\') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void onAck(Client c, long id, byte[] b, int off, int len) {
        if (c != requester || id != roundId) {
            contract("ack " + id, b, off, len);
            return;
        }
        ackText = text(b, off, len);
        String want = "[{\"count\":" + count + ",\"size\":" + size + ",\"clients\":";
        if (!ackText.startsWith(want) || !ackText.endsWith("}]")) {
            contract("ack", b, off, len);
        }
        acked = true;
        checkDone();
    }

    @Override
    void onLost(Client c) {
        if (roundDone != null) {
            expected -= Math.max(0, count - c.nextIndex);
            checkDone();
        }
    }

    private void checkDone() {
        if (roundDone != null && acked && received >= expected) {
            roundDone.complete(null);
        }
    }

    private void contract(String what, byte[] b, int off, int len) {
        contractErrors++;
        if (badSample == null) {
            badSample = what + ": " + text(b, off, len);
        }
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
