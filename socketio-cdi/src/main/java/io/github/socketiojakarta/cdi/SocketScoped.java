package io.github.socketiojakarta.cdi;

import jakarta.enterprise.context.NormalScope;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One bean instance per connected socket (for example the user's nickname). The scope is
 * active while that socket's observers run (synchronous and asynchronous, from
 * {@link Connecting} on), and its instances are destroyed when the socket disconnects, after
 * the {@link Disconnected} observers ran, or when a {@link Connecting} observer refuses it.
 *
 * <p>A socket recovered by connection state recovery (same id, rooms and {@code data()}) gets a
 * new, empty scope: the lost socket's instances are not kept during the recovery window. Keep
 * what must survive a lost connection in {@code socket.data()} and rebuild the scoped beans from
 * it in a {@link Connected} observer when {@code socket.recovered()} is true.
 */
@NormalScope
@Inherited
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD})
public @interface SocketScoped {}
