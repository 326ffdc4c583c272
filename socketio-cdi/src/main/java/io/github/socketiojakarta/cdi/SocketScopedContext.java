package io.github.socketiojakarta.cdi;

import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.spi.AlterableContext;
import jakarta.enterprise.context.spi.Contextual;
import jakarta.enterprise.context.spi.CreationalContext;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link SocketScoped} context: one store of bean instances per socket id, active on the
 * thread that runs one of that socket's observers. Thread-safe.
 */
final class SocketScopedContext implements AlterableContext {
    private static final ThreadLocal<Store> CURRENT = new ThreadLocal<>();

    private final Map<String, Store> stores = new ConcurrentHashMap<>();

    @Override
    public Class<? extends Annotation> getScope() {
        return SocketScoped.class;
    }

    @Override
    public boolean isActive() {
        return CURRENT.get() != null;
    }

    @Override
    public <T> T get(Contextual<T> contextual, CreationalContext<T> creationalContext) {
        return current().get(contextual, creationalContext);
    }

    @Override
    public <T> T get(Contextual<T> contextual) {
        return current().get(contextual, null);
    }

    @Override
    public void destroy(Contextual<?> contextual) {
        current().destroy(contextual);
    }

    private Store current() {
        Store s = CURRENT.get();
        if (s == null) {
            throw new ContextNotActiveException("@SocketScoped is active only while a socket's "
                    + "observers run");
        }
        return s;
    }

    /**
     * Runs {@code task} with the socket's store active on this thread. With {@code create}
     * false and no store left (the socket ended), a temporary store serves the task and is
     * destroyed after it, so nothing outlives the socket.
     */
    void run(String socketId, boolean create, Runnable task) {
        Store store = create ? stores.computeIfAbsent(socketId, k -> new Store())
                : stores.get(socketId);
        if (store == null) {
            Store temporary = new Store();
            try {
                runWith(temporary, task);
            } finally {
                temporary.destroyAll();
            }
            return;
        }
        runWith(store, task);
    }

    private static void runWith(Store store, Runnable task) {
        Store previous = CURRENT.get();
        CURRENT.set(store);
        try {
            task.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    /** Destroys the socket's instances (it disconnected, or was refused). */
    void end(String socketId) {
        Store store = stores.remove(socketId);
        if (store != null) {
            store.destroyAll();
        }
    }

    /** How many sockets have instances (for tests and diagnostics). */
    int activeStores() {
        return stores.size();
    }

    /** The instances of one socket. */
    private static final class Store {
        private final Map<Contextual<?>, Instance<?>> instances = new LinkedHashMap<>();

        synchronized <T> T get(Contextual<T> contextual, CreationalContext<T> cc) {
            @SuppressWarnings("unchecked")
            Instance<T> existing = (Instance<T>) instances.get(contextual);
            if (existing != null) {
                return existing.value;
            }
            if (cc == null) {
                return null;
            }
            T value = contextual.create(cc);
            instances.put(contextual, new Instance<>(contextual, value, cc));
            return value;
        }

        void destroy(Contextual<?> contextual) {
            Instance<?> i;
            synchronized (this) {
                i = instances.remove(contextual);
            }
            if (i != null) {
                i.destroy();
            }
        }

        void destroyAll() {
            List<Instance<?>> all;
            synchronized (this) {
                all = new ArrayList<>(instances.values());
                instances.clear();
            }
            for (Instance<?> i : all) {
                i.destroy();
            }
        }
    }

    private record Instance<T>(Contextual<T> contextual, T value, CreationalContext<T> cc) {
        void destroy() {
            contextual.destroy(value, cc);
        }
    }
}
