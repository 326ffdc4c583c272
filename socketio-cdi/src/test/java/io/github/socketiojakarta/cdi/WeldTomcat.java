package io.github.socketiojakarta.cdi;

import io.github.socketiojakarta.bootstrap.SocketIo;
import io.github.socketiojakarta.bootstrap.SocketIoInitializer;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.testing.TestServer;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.weld.Container;
import org.jboss.weld.environment.servlet.EnhancedListener;
import org.jboss.weld.environment.servlet.WeldServletLifecycle;

/**
 * An embedded Tomcat with Weld servlet and the Socket.IO initializer, as a WAR with the bridge
 * would run: Weld's {@link EnhancedListener} boots the container during start-up, discovers the
 * test classes through the test {@code META-INF/beans.xml} and the bridge's extension through its
 * {@code META-INF/services} entry, and fires {@code @Initialized(ApplicationScoped.class)} with
 * the {@link ServletContext}, which binds the observers to the context's server. Only the chosen
 * beans are deployed (see {@link SelectedBeans}). Close it to stop Tomcat (and Weld).
 */
final class WeldTomcat implements AutoCloseable {
    private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();
    private final TestServer tomcat;
    private final BeanManager beanManager;

    private WeldTomcat(TestServer tomcat) {
        this.tomcat = tomcat;
        Object manager = tomcat.context().getServletContext()
                .getAttribute(WeldServletLifecycle.BEAN_MANAGER_ATTRIBUTE_NAME);
        if (!(manager instanceof BeanManager bm)) {
            tomcat.close();
            throw new IllegalStateException("Weld did not start (see the log): " + manager);
        }
        this.beanManager = bm;
    }

    /** Starts Tomcat with these beans (and their nested classes), Weld's initializer first. */
    static WeldTomcat start(Class<?>... beans) {
        return builder().beans(beans).start();
    }

    static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return tomcat.url();
    }

    ServletContext servletContext() {
        return tomcat.context().getServletContext();
    }

    BeanManager beanManager() {
        return beanManager;
    }

    /** A bean of the deployment (a client proxy for a normal-scoped one). */
    <T> T bean(Class<T> type, Annotation... qualifiers) {
        return beanManager.createInstance().select(type, qualifiers).get();
    }

    /** The context's Socket.IO server. */
    SocketIoServer server() {
        return SocketIo.server(servletContext());
    }

    @Override
    public void close() {
        tomcat.close();
    }

    /** What to deploy. */
    static final class Builder {
        private final Set<Class<?>> beans = new LinkedHashSet<>();
        private final Map<String, Class<? extends Servlet>> servlets = new LinkedHashMap<>();
        private final Map<String, String> params = new LinkedHashMap<>();
        private boolean socketIoFirst;

        Builder beans(Class<?>... classes) {
            beans.addAll(List.of(classes));
            return this;
        }

        /** A servlet created by Tomcat (so Weld injects into it), mapped at {@code path}. */
        Builder servlet(String path, Class<? extends Servlet> type) {
            servlets.put(path, type);
            return this;
        }

        /** A context init parameter, e.g. {@code socketio.connectionStateRecovery=true}. */
        Builder param(String name, String value) {
            params.put(name, value);
            return this;
        }

        /** Adds the Socket.IO initializer before Weld's instead of after it. */
        Builder socketIoInitializerFirst() {
            socketIoFirst = true;
            return this;
        }

        WeldTomcat start() {
            String id = "weld-tomcat-" + DEPLOYMENTS.incrementAndGet();
            List<ServletContainerInitializer> initializers = new ArrayList<>();
            initializers.add(new EnhancedListener());
            initializers.add(socketIoFirst ? 0 : 1, new SocketIoInitializer());
            // Weld servlet's container id is otherwise a JVM-wide constant: stopping one
            // deployment would shut down the container of another that runs at the same time
            initializers.add(0, (classes, ctx) -> ctx.setInitParameter(Container.CONTEXT_ID_KEY, id));
            if (!params.isEmpty()) {
                initializers.add(0, (classes, ctx) -> params.forEach(ctx::setInitParameter));
            }
            if (!servlets.isEmpty()) {
                initializers.add((classes, ctx) -> servlets.forEach((path, type) ->
                        ctx.addServlet(type.getName(), type).addMapping(path)));
            }
            TestServer tomcat = SelectedBeans.with(beans, () -> TestServer.start(
                    initializers.toArray(new ServletContainerInitializer[0])));
            return new WeldTomcat(tomcat);
        }
    }
}
