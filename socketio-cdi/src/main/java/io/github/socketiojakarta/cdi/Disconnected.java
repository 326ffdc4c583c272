package io.github.socketiojakarta.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.inject.Qualifier;

/**
 * Selects disconnections: {@code @Observes @Disconnected Disconnection d} runs once a socket
 * disconnected, with the reason.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface Disconnected {

    /** A literal of this qualifier. */
    final class Literal extends jakarta.enterprise.util.AnnotationLiteral<Disconnected> implements Disconnected {
        private static final long serialVersionUID = 1L;

        /** The instance. */
        public static final Literal INSTANCE = new Literal();
    }
}
