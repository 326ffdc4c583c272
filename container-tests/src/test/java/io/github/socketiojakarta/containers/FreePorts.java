package io.github.socketiojakarta.containers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Free loopback ports below 32768 (above it, ports clash with the ephemeral ports of clients
 * after heavy runs). A port found free can still be taken before the container binds it; the
 * container then fails to start and says so.
 */
final class FreePorts {
    private FreePorts() {}

    /** A port free now, in [20000, 32000). */
    static int one() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
            if (free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port found");
    }

    /**
     * An offset that makes every one of {@code ports} free when added to it, with all results
     * below 32000.
     */
    static int offsetFor(int... ports) {
        int highest = IntStream.of(ports).max().orElseThrow();
        for (int attempt = 0; attempt < 200; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1_000, 32_000 - highest);
            if (IntStream.of(ports).allMatch(p -> free(p + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("no free port offset found");
    }

    static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(false);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
