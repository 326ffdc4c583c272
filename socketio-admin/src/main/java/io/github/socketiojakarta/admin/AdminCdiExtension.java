package io.github.socketiojakarta.admin;

import io.github.socketiojakarta.server.SocketIoServer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.interceptor.Interceptor;

/**
 * Configuration with CDI: when the application produces a bean of type {@link AdminOptions}
 * (and the CDI bridge, module {@code socketio-cdi}, produces the {@link SocketIoServer}), the
 * server is instrumented with it as the application starts, after the bridge started the
 * server:
 *
 * <pre>{@code
 * @Produces
 * AdminOptions admin() {
 *     return AdminOptions.builder().basicAuth("admin", hashFromYourConfiguration).build();
 * }
 * }</pre>
 *
 * <p>Registered as a CDI portable extension by this module's service file: it is only loaded
 * by a CDI container, and does nothing without an {@code AdminOptions} bean. Two such beans fail
 * the start-up with a message; so does a server also instrumented by the context parameters
 * ({@code socketio.admin.*}): configure one way only.
 */
public final class AdminCdiExtension implements Extension {

    /** Instruments the server once the application scope starts, after the CDI bridge. */
    void started(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER)
            @Initialized(ApplicationScoped.class) Object payload, BeanManager beans) {
        Instance<Object> all = beans.createInstance();
        Instance<AdminOptions> options = all.select(AdminOptions.class);
        if (options.isUnsatisfied()) {
            return;
        }
        if (options.isAmbiguous()) {
            throw new IllegalStateException("several AdminOptions beans are produced; the "
                    + "Admin UI needs exactly one (or none)");
        }
        Instance<SocketIoServer> server = all.select(SocketIoServer.class);
        if (!server.isResolvable()) {
            throw new IllegalStateException("an AdminOptions bean is produced but no "
                    + "SocketIoServer bean (the CDI bridge, module socketio-cdi, produces it)");
        }
        AdminUi.instrument(server.get(), options.get());
    }
}
