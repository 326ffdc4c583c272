package io.github.socketiojakarta.bootstrap;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Mounts a Socket.IO server in every web application that contains this library (registered in
 * {@code META-INF/services}), with options from the context's init parameters (see
 * {@link SocketIo} and the {@code socketio.*} parameters). On embedded Tomcat, add it with
 * {@code context.addServletContainerInitializer(new SocketIoInitializer(), null)}.
 */
public final class SocketIoInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (!ContextOptions.enabled(context)) {
            return;
        }
        SocketIo.installLazily(context);
    }
}
