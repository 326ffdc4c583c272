package io.github.socketiojakarta.adapter;

/** Creates the adapter of each namespace. Must be thread-safe. */
@FunctionalInterface
public interface AdapterFactory {

    /** The adapter for a new namespace. */
    Adapter create(NamespaceHandle namespace);

    /**
     * What the adapters this factory made count, for the server's metrics; read often, so it
     * must be cheap. The default counts nothing.
     */
    default AdapterMetrics metrics() {
        return AdapterMetrics.NONE;
    }
}
