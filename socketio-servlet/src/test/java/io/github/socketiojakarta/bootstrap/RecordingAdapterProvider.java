package io.github.socketiojakarta.bootstrap;

import io.github.socketiojakarta.adapter.Adapter;
import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.adapter.AdapterProvider;
import io.github.socketiojakarta.adapter.InMemoryAdapter;
import io.github.socketiojakarta.adapter.NamespaceHandle;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A test {@link AdapterProvider} named {@code recording} (registered in the test tree's
 * {@code META-INF/services}): its factories make in-memory adapters, remember the
 * {@code recording.label} setting, and record being closed. Thread-safe.
 */
public final class RecordingAdapterProvider implements AdapterProvider {
    /** Every factory made, in order. */
    static final List<Factory> MADE = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public AdapterFactory create(Function<String, String> settings) {
        Factory f = new Factory(settings.apply("recording.label"));
        MADE.add(f);
        return f;
    }

    /** A factory that owns nothing but knows whether it was closed. */
    static final class Factory implements AdapterFactory, AutoCloseable {
        final String label;
        final List<Adapter> adapters = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        Factory(String label) {
            this.label = label;
        }

        @Override
        public Adapter create(NamespaceHandle namespace) {
            Adapter a = new InMemoryAdapter(namespace);
            adapters.add(a);
            return a;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
