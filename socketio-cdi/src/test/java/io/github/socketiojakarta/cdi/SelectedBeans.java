package io.github.socketiojakarta.cdi;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import java.net.URL;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Set;

/**
 * A test-only extension (registered in the test {@code META-INF/services}) that lets each
 * integration test deploy only its own beans although Weld servlet discovers every annotated
 * class of {@code target/test-classes}: it vetoes the discovered test classes that are not
 * selected (a selected class brings its nested classes). Classes from elsewhere, such as the
 * bridge's own, are never vetoed. {@link WeldTomcat} sets the selection while Tomcat starts.
 */
public class SelectedBeans implements Extension {
    private static final Object STARTING = new Object();
    private static volatile Set<Class<?>> selection;

    /** Runs {@code start} with {@code beans} selected; concurrent starts wait. */
    static <T> T with(Set<Class<?>> beans, java.util.function.Supplier<T> start) {
        synchronized (STARTING) { // Tomcat starts the context on its own thread: no lock below
            selection = Set.copyOf(beans);
            try {
                return start.get();
            } finally {
                selection = null;
            }
        }
    }

    <T> void filter(@Observes ProcessAnnotatedType<T> pat) {
        Set<Class<?>> chosen = selection;
        Class<?> type = pat.getAnnotatedType().getJavaClass();
        if (chosen == null || !fromTestClasses(type)) {
            return;
        }
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            if (chosen.contains(c)) {
                return;
            }
        }
        pat.veto();
    }

    private static boolean fromTestClasses(Class<?> type) {
        return Objects.equals(location(type), location(SelectedBeans.class));
    }

    private static URL location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }
}
