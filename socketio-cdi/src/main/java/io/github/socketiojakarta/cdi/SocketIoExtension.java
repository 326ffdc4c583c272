package io.github.socketiojakarta.cdi;

import io.github.socketiojakarta.adapter.AdapterFactory;
import io.github.socketiojakarta.server.Event;
import io.github.socketiojakarta.server.Socket;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessObserverMethod;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The portable extension that turns observer methods into Socket.IO handlers. It only collects
 * and checks: observers of socket events are gathered in {@code ProcessObserverMethod},
 * problems are reported together in {@code AfterDeploymentValidation} (so a bad deployment
 * fails at deploy time with a clear list naming each method), and the runtime work is done by
 * the application-scoped {@link SocketIoDispatcher}. The bridge's jar is a bean archive
 * ({@code META-INF/beans.xml}), so the dispatcher is discovered as a bean of the application's
 * own module: WildFly notifies {@code @Initialized(ApplicationScoped.class)} observers module by
 * module, and a type an extension adds outside of any bean archive belongs to no module there.
 * Where the jar is not scanned (discovery off, a repackaged jar), the extension adds the
 * dispatcher itself. It also registers the {@link SocketScoped} context.
 *
 * <p>Used by the container during deployment only (single-threaded); afterwards its collected
 * observers are read-only. Not final: the container injects extensions (here into the
 * dispatcher) through an application-scoped client proxy.
 */
public class SocketIoExtension implements Extension {
    private final List<SocketObserver> observers = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final SocketScopedContext context = new SocketScopedContext();
    private boolean dispatcherFound;

    void dispatcherFound(@Observes ProcessAnnotatedType<SocketIoDispatcher> pat) {
        dispatcherFound = true;
    }

    void addBeans(@Observes AfterTypeDiscovery atd, BeanManager bm) {
        if (!dispatcherFound) {
            atd.addAnnotatedType(bm.createAnnotatedType(SocketIoDispatcher.class),
                    SocketIoDispatcher.class.getName());
        }
    }

    <T, X> void collect(@Observes ProcessObserverMethod<T, X> pom) {
        ObserverMethod<T> method = pom.getObserverMethod();
        Set<Annotation> qualifiers = method.getObservedQualifiers();
        Type observed = method.getObservedType();
        Class<?> raw = rawType(observed);
        OnEvent onEvent = find(qualifiers, OnEvent.class);
        boolean connecting = find(qualifiers, Connecting.class) != null;
        boolean connected = find(qualifiers, Connected.class) != null;
        boolean disconnected = find(qualifiers, Disconnected.class) != null;
        boolean incoming = raw == Incoming.class;
        boolean disconnection = raw == Disconnection.class;
        if (onEvent == null && !connecting && !connected && !disconnected && !incoming
                && !disconnection) {
            return; // not ours
        }
        String where = describe(pom);
        int selectors = (onEvent != null ? 1 : 0) + (connecting ? 1 : 0) + (connected ? 1 : 0)
                + (disconnected ? 1 : 0);
        if (selectors > 1) {
            problems.add(where + ": conflicting declarations: use only one of @OnEvent, "
                    + "@Connecting, @Connected, @Disconnected");
            return;
        }
        OfNamespace ns = find(qualifiers, OfNamespace.class);
        String namespace = ns == null ? "/" : ns.value();
        if (namespace.isEmpty() || namespace.charAt(0) != '/' || namespace.indexOf(',') >= 0) {
            problems.add(where + ": @OfNamespace(\"" + namespace
                    + "\") must start with / and contain no comma");
            return;
        }
        if (incoming || onEvent != null) {
            if (!incoming) {
                problems.add(where + ": @OnEvent observes Incoming<T>, not " + observed.getTypeName());
                return;
            }
            if (onEvent == null) {
                problems.add(where + ": an Incoming observer needs @OnEvent(\"name\")");
                return;
            }
            if (Event.isReserved(onEvent.value())) {
                problems.add(where + ": \"" + onEvent.value() + "\" is a reserved event name");
                return;
            }
            Type payload = observed instanceof ParameterizedType p
                    ? p.getActualTypeArguments()[0] : Object.class;
            Optional<String> problem = Mappability.problem(payload);
            if (problem.isPresent()) {
                problems.add(where + ": " + problem.get());
                return;
            }
            observers.add(new SocketObserver(SocketObserver.Kind.EVENT, namespace, onEvent.value(),
                    payload, method, where));
            return;
        }
        if (connecting || connected) {
            if (raw != Socket.class) {
                problems.add(where + ": @" + (connecting ? "Connecting" : "Connected")
                        + " observes a Socket, not " + observed.getTypeName());
                return;
            }
            if (connecting && method.isAsync()) {
                problems.add(where + ": @Connecting observers decide before the socket connects "
                        + "and cannot be @ObservesAsync");
                return;
            }
            observers.add(new SocketObserver(connecting ? SocketObserver.Kind.CONNECTING
                    : SocketObserver.Kind.CONNECTED, namespace, null, null, method, where));
            return;
        }
        if (!disconnection) {
            problems.add(where + ": @Disconnected observes a Disconnection, not "
                    + observed.getTypeName());
            return;
        }
        observers.add(new SocketObserver(SocketObserver.Kind.DISCONNECTED, namespace, null, null,
                method, where));
    }

    void addContext(@Observes AfterBeanDiscovery abd) {
        abd.addContext(context);
    }

    void validate(@Observes AfterDeploymentValidation adv, BeanManager bm) {
        for (String p : problems) {
            adv.addDeploymentProblem(new DeploymentException("Socket.IO observer: " + p));
        }
        Set<Bean<?>> adapters = bm.getBeans(AdapterFactory.class);
        if (adapters.size() > 1) {
            List<String> names = new ArrayList<>();
            for (Bean<?> b : adapters) {
                names.add(b.toString());
            }
            names.sort(null);
            adv.addDeploymentProblem(new DeploymentException("Socket.IO: " + adapters.size()
                    + " AdapterFactory beans are produced, the server uses one: "
                    + String.join("; ", names)));
        }
    }

    /** The observers collected, in discovery order. */
    List<SocketObserver> observers() {
        return List.copyOf(observers);
    }

    SocketScopedContext context() {
        return context;
    }

    private static String describe(ProcessObserverMethod<?, ?> pom) {
        try {
            AnnotatedMethod<?> m = pom.getAnnotatedMethod();
            if (m != null) {
                return m.getJavaMember().getDeclaringClass().getName() + "."
                        + m.getJavaMember().getName() + "()";
            }
        } catch (RuntimeException ignored) {
            // synthetic observer
        }
        return "observer of " + pom.getObserverMethod().getObservedType().getTypeName()
                + " in " + pom.getObserverMethod().getBeanClass().getName();
    }

    private static Class<?> rawType(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    private static <A extends Annotation> A find(Set<Annotation> qualifiers, Class<A> type) {
        for (Annotation a : qualifiers) {
            if (a.annotationType() == type) {
                return type.cast(a);
            }
        }
        return null;
    }
}
