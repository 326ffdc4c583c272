package io.github.socketiojakarta.adapter;

/**
 * What a cluster adapter's factory counts for the server's metrics, over all the adapters it
 * made: requests to the other nodes (fetchSockets, serverSideEmit with acks, broadcasts with
 * acks, allRooms...), those that ended at their timeout, and reconnections to the broker. The
 * numbers only grow. An {@link AdapterFactory} that counts nothing reports {@link #NONE}.
 *
 * <p>Implementations are thread-safe and cheap to read (no I/O).
 */
public interface AdapterMetrics {
    /** Counts nothing: every number is 0. */
    AdapterMetrics NONE = new AdapterMetrics() {
        @Override
        public long requests() {
            return 0;
        }

        @Override
        public long requestTimeouts() {
            return 0;
        }

        @Override
        public long reconnects() {
            return 0;
        }
    };

    /** Requests sent to the other nodes that wait for their answers. */
    long requests();

    /** Requests that ended at their timeout without every answer. */
    long requestTimeouts();

    /** Times the connection to the broker came back after it was lost. */
    long reconnects();
}
