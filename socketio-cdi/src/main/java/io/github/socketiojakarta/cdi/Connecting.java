package io.github.socketiojakarta.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.inject.Qualifier;

/**
 * Selects the connecting phase: observers of a {@code @Connecting Socket} run as connection
 * middleware, before the socket connects. Throwing refuses the socket: a
 * {@link io.github.socketiojakarta.server.Middleware.Rejection} sends its message and data to the
 * client as CONNECT_ERROR, any other exception its message.
 *
 * <p>With connection state recovery on, a recovered socket (see {@link Connected}) skips these
 * observers by default ({@code skipMiddlewares}); when they do run for it,
 * {@code socket.recovered()} tells it apart.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface Connecting {

    /** A literal of this qualifier. */
    final class Literal extends jakarta.enterprise.util.AnnotationLiteral<Connecting> implements Connecting {
        private static final long serialVersionUID = 1L;

        /** The instance. */
        public static final Literal INSTANCE = new Literal();
    }
}
