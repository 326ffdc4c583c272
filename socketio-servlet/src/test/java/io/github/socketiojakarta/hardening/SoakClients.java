package io.github.socketiojakarta.hardening;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of {@link SoakTest}, run in its own JVM so that the server's process holds
 * one file descriptor per connection, not two (a machine whose hard limit is 20,000 can then
 * hold 10,000 connections). Started by the test with its stdin from {@code /dev/null} and its
 * output in a file; it talks to the test only through that output and the server itself:
 *
 * <ol>
 *   <li>connects N {@link LightSioClient}s to {@code /} in batches of 100, printing
 *       {@code connected <count>} after each batch (or {@code failed <count> <why>} and exit
 *       code 2);
 *   <li>answers each {@code tick} event the server broadcasts with an {@code echo} event with
 *       an ack, checking the ack's payload;
 *   <li>when every client has the {@code end} event (its argument is the number of ticks the
 *       server sent), waits for the acks still out, prints one
 *       {@code result connected=.. acksSent=.. acksOk=.. errors=.. ticksMin=.. ticksMax=..
 *       ticksSent=..} line, closes every client with a close frame and exits 0.
 * </ol>
 *
 * <p>Arguments: the server's port, N, and how long to wait at most for the {@code end} event
 * (seconds), so that the process never outlives a test that failed.
 */
final class SoakClients {
    private SoakClients() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        long maxSeconds = Long.parseLong(args[2]);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        AtomicLong acksSent = new AtomicLong();
        AtomicLong acksOk = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong ended = new AtomicLong();
        AtomicLong ticksSent = new AtomicLong(-1);
        Object progress = new Object();
        Runnable tell = () -> {
            synchronized (progress) {
                progress.notifyAll();
            }
        };
        List<LightSioClient> clients = new ArrayList<>(connections);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().executor(pool).build();
        int code = 0;
        try {
            for (int i = 0; i < connections; i += 100) {
                List<CompletableFuture<LightSioClient>> batch = new ArrayList<>();
                for (int j = i; j < Math.min(connections, i + 100); j++) {
                    batch.add(LightSioClient.connect(http, port, true, false));
                }
                for (CompletableFuture<LightSioClient> f : batch) {
                    LightSioClient c;
                    try {
                        c = f.get(30, TimeUnit.SECONDS);
                        c.joined.get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        System.out.println("failed " + clients.size() + " " + e);
                        code = 2;
                        return;
                    }
                    clients.add(c);
                    c.onEvent(text -> {
                        if (text.startsWith("42[\"tick\"")) {
                            acksSent.incrementAndGet();
                            c.emitWithAck("echo", "\"k\"").whenComplete((v, e) -> {
                                if (e == null && "[\"k\"]".equals(v)) {
                                    acksOk.incrementAndGet();
                                } else {
                                    errors.incrementAndGet();
                                }
                                tell.run();
                            });
                        } else if (text.startsWith("42[\"end\",")) {
                            ticksSent.set(Long.parseLong(text.substring(9, text.length() - 1)));
                            ended.incrementAndGet();
                            tell.run();
                        }
                    });
                }
                System.out.println("connected " + clients.size());
            }
            synchronized (progress) {
                while (ended.get() < connections
                        || acksOk.get() + errors.get() < acksSent.get()) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        System.out.println("failed " + clients.size() + " no end after "
                                + maxSeconds + " s (ended " + ended.get() + ")");
                        code = 2;
                        return;
                    }
                    progress.wait(left);
                }
            }
            long min = Long.MAX_VALUE;
            long max = 0;
            for (LightSioClient c : clients) {
                long ticks = c.events.get() - 1; // the end event
                min = Math.min(min, ticks);
                max = Math.max(max, ticks);
                errors.addAndGet(c.errors.get());
                if (c.closed.isDone()) {
                    errors.incrementAndGet();
                }
            }
            System.out.printf("result connected=%d acksSent=%d acksOk=%d errors=%d ticksMin=%d"
                    + " ticksMax=%d ticksSent=%d%n", clients.size(), acksSent.get(), acksOk.get(),
                    errors.get(), min, max, ticksSent.get());
        } finally {
            clients.forEach(LightSioClient::close);
            for (LightSioClient c : clients) {
                try {
                    c.closed.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // the server went away first: nothing more to close
                }
            }
            pool.shutdownNow();
            System.out.flush();
            System.exit(code);
        }
    }
}
