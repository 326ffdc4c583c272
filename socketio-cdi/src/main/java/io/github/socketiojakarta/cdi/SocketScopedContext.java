package io.github.socketiojakarta.cdi;

import io.github.socketiojakarta.server.Socket;
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
import java.util.function.BooleanSupplier;

/**
 * The {@link SocketScoped} context: one store of bean instances per socket, active on the
 * thread that runs one of that socket's observers. Stores are kept per {@link Socket} instance,
 * not per socket id: a socket recovered by connection state recovery has the id of the socket
 * it replaces, and must neither share that socket's instances (destroyed once its
 * {@code @Disconnected} observers ran, which may still be running when the recovered one
 * connects) nor lose its own when the old socket's store is destroyed. A store is made when the socket's first
 * {@code @SocketScoped} bean is used, so sockets that use none (or that are refused by later
 * middleware without using one) leave nothing behind. Thread-safe.
 */
final class SocketScopedContext implements AlterableContext {
    private static final ThreadLocal<Binding> CURRENT = new ThreadLocal<>();

    // keyed by the Socket itself, which has identity equality
    private final Map<Socket, Store> stores = new ConcurrentHashMap<>();

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
        return current().store(true).get(contextual, creationalContext);
    }

    @Override
    public <T> T get(Contextual<T> contextual) {
        Store store = current().store(false);
        return store == null ? null : store.get(contextual, null);
    }

    @Override
    public void destroy(Contextual<?> contextual) {
        Store store = current().store(false);
        if (store != null) {
            store.destroy(contextual);
        }
    }

    private Binding current() {
        Binding b = CURRENT.get();
        if (b == null) {
            throw new ContextNotActiveException("@SocketScoped is active only while a socket's "
                    + "observers run");
        }
        return b;
    }

    /**
     * Runs {@code task} with the socket's scope active on this thread. The socket's store is
     * made on first use while {@code ended} is false (the socket is connecting or connected);
     * once it is true and the socket's store is gone, a temporary store serves the task and is
     * destroyed after it, so nothing outlives the socket.
     *
     * @param ended tells whether the socket disconnected; checked when a store would be made
     */
    void run(Socket socket, BooleanSupplier ended, Runnable task) {
        Binding binding = new Binding(socket, ended);
        Binding previous = CURRENT.get();
        CURRENT.set(binding);
        try {
            task.run();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
            if (binding.temporary != null) {
                binding.temporary.destroyAll();
            }
        }
    }

    /**
     * Destroys the socket's instances (it disconnected, or was refused). Call it for a refused
     * socket, or once {@code ended} tells true, so that no store is made again afterwards.
     */
    void end(Socket socket) {
        Store store = stores.remove(socket);
        if (store != null) {
            store.destroyAll();
        }
    }

    /** How many sockets have instances (for tests and diagnostics). */
    int activeStores() {
        return stores.size();
    }

    /** The socket whose observer runs on a thread; confined to that thread. */
    private final class Binding {
        private final Socket socket;
        private final BooleanSupplier ended;
        private Store temporary;

        Binding(Socket socket, BooleanSupplier ended) {
            this.socket = socket;
            this.ended = ended;
        }

        /** The socket's store; made now if {@code make} and there is none. */
        Store store(boolean make) {
            Store store = stores.get(socket);
            if (store != null || temporary != null) {
                return store != null ? store : temporary;
            }
            if (!make) {
                return null;
            }
            // atomic against end(): once the socket ended, no store is made for it again
            store = stores.compute(socket,
                    (id, existing) -> existing != null || ended.getAsBoolean() ? existing
                            : new Store());
            if (store == null) {
                temporary = new Store();
                store = temporary;
            }
            return store;
        }
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
