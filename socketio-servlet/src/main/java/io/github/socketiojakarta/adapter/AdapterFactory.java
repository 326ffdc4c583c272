package io.github.socketiojakarta.adapter;

/** Creates the adapter of each namespace. Must be thread-safe. */
@FunctionalInterface
public interface AdapterFactory {

    /** The adapter for a new namespace. */
    Adapter create(NamespaceHandle namespace);
}
