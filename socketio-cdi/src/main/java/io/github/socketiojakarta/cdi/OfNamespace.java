package io.github.socketiojakarta.cdi;

import io.github.socketiojakarta.server.Namespace;
import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects a namespace: on an observer of socket events (without it, the main namespace
 * {@code /}), or on an injection point of {@link Namespace}. Named after
 * {@code server.of("/chat")}, which gives the same namespace.
 *
 * <p>An annotation: immutable; its {@link Literal} is thread-safe.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface OfNamespace {

    /** The namespace name, starting with {@code /}. */
    @Nonbinding
    String value() default "/";

    /** A literal of this qualifier. */
    final class Literal extends AnnotationLiteral<OfNamespace> implements OfNamespace {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /** The literal for a namespace name. */
        public static Literal of(String value) {
            return new Literal(value);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
