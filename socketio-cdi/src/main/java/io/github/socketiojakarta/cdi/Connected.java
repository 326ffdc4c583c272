package io.github.socketiojakarta.cdi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import jakarta.inject.Qualifier;

/**
 * Selects sockets that just connected: {@code @Observes @Connected Socket socket} runs after the
 * client got its CONNECT answer, like the reference server's {@code connection} event.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface Connected {

    /** A literal of this qualifier. */
    final class Literal extends jakarta.enterprise.util.AnnotationLiteral<Connected> implements Connected {
        private static final long serialVersionUID = 1L;

        /** The instance. */
        public static final Literal INSTANCE = new Literal();
    }
}
