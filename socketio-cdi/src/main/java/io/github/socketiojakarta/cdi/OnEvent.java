package io.github.socketiojakarta.cdi;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.enterprise.util.Nonbinding;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Selects incoming events by name: {@code @Observes @OnEvent("message") Incoming<ChatMessage> in}.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface OnEvent {

    /** The event name (not a reserved one such as {@code connect} or {@code disconnect}). */
    @Nonbinding
    String value();

    /** A literal of this qualifier. */
    final class Literal extends AnnotationLiteral<OnEvent> implements OnEvent {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /** The literal for an event name. */
        public static Literal of(String value) {
            return new Literal(value);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
