package io.github.socketiojakarta.cdi;

import java.lang.reflect.Constructor;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Decides at deployment whether JSON-B can map an event payload to a type, so that a bad
 * observer fails the deployment instead of every event at run time. Stateless.
 */
final class Mappability {
    private Mappability() {}

    /** Why {@code type} cannot be mapped, or empty when it can. */
    static Optional<String> problem(Type type) {
        if (type instanceof TypeVariable<?> || type instanceof WildcardType) {
            return Optional.of("the payload type " + type.getTypeName()
                    + " is not concrete; name a class, e.g. Incoming<ChatMessage>");
        }
        if (type instanceof GenericArrayType g) {
            return problem(g.getGenericComponentType());
        }
        if (type instanceof ParameterizedType p) {
            Optional<String> raw = problem(p.getRawType());
            if (raw.isPresent()) {
                return raw;
            }
            for (Type arg : p.getActualTypeArguments()) {
                Optional<String> a = problem(arg);
                if (a.isPresent()) {
                    return a;
                }
            }
            return Optional.empty();
        }
        Class<?> c = (Class<?>) type;
        if (c.isArray()) {
            return c.getComponentType().isPrimitive() ? Optional.empty()
                    : problem(c.getComponentType());
        }
        if (c.isPrimitive() || c == Object.class || c == String.class || c.isEnum()
                || c.isRecord() || Number.class.isAssignableFrom(c) || c == Boolean.class
                || c == Character.class || Collection.class.isAssignableFrom(c)
                || Map.class.isAssignableFrom(c) || c.getName().startsWith("jakarta.json.")
                || c.getName().startsWith("java.time.")) {
            return Optional.empty();
        }
        if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
            return Optional.of("the payload type " + c.getName()
                    + " is an interface or abstract class; JSON-B cannot create it");
        }
        if (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
            return Optional.of("the payload type " + c.getName()
                    + " is an inner class; make it static");
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            boolean usable = k.getParameterCount() == 0
                    && (Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers()));
            boolean creator = java.util.Arrays.stream(k.getAnnotations()).anyMatch(
                    a -> a.annotationType().getName().equals("jakarta.json.bind.annotation.JsonbCreator"));
            if (usable || creator) {
                return Optional.empty();
            }
        }
        for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && java.util.Arrays.stream(m.getAnnotations())
                    .anyMatch(a -> a.annotationType().getName()
                            .equals("jakarta.json.bind.annotation.JsonbCreator"))) {
                return Optional.empty();
            }
        }
        return Optional.of("the payload type " + c.getName() + " has no public or protected "
                + "no-argument constructor and no @JsonbCreator; JSON-B cannot create it");
    }
}
