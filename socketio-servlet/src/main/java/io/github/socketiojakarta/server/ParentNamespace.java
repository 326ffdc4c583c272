package io.github.socketiojakarta.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A dynamic namespace: it creates a child namespace on demand for each name its matcher
 * accepts. Middleware and connection listeners added to the parent apply to every child, and a
 * broadcast from the parent reaches every child. Thread-safe.
 */
public final class ParentNamespace extends Namespace {
    private final NamespaceMatcher matcher;
    private final List<Namespace> children = new CopyOnWriteArrayList<>();

    ParentNamespace(String label, SocketIoServer server, NamespaceMatcher matcher) {
        super(label, server, null);
        this.matcher = matcher;
    }

    /** Decides which namespace names a parent creates children for. */
    @FunctionalInterface
    public interface NamespaceMatcher {
        /**
         * @param name the requested namespace name
         * @param auth the CONNECT packet's auth payload
         * @return whether a child namespace should be created for it
         */
        boolean matches(String name, Map<String, Object> auth);
    }

    boolean matches(String name, Map<String, Object> auth) {
        try {
            return matcher.matches(name, auth);
        } catch (RuntimeException e) {
            return false;
        }
    }

    Namespace createChild(String name) {
        Namespace child = new Namespace(name, server(), this);
        children.add(child);
        return child;
    }

    /** The children created so far. */
    public List<Namespace> children() {
        return new ArrayList<>(children);
    }

    @Override
    List<Namespace> broadcastTargets() {
        return new ArrayList<>(children);
    }
}
