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
 *
 * <p>With connection state recovery on ({@code socketio.connectionStateRecovery=true}, or
 * {@code ServerOptions.Builder.connectionStateRecovery}), a client that lost its connection and
 * came back within the window connects again as a <em>recovered</em> socket:
 * {@link io.github.socketiojakarta.server.Socket#recovered() socket.recovered()} is true, the
 * socket has its old id, rooms and {@code data()}, and the events it missed were sent to it
 * before its CONNECT answer. Observers usually skip their welcome (no second history, no second
 * "joined" announcement) for such a socket:
 *
 * <pre>{@code
 * void connected(@Observes @Connected Socket socket) {
 *     if (socket.recovered()) {
 *         user.restoreFrom(socket.data()); // a new, empty @SocketScoped scope
 *         return;
 *     }
 *     socket.emit("welcome", history());
 * }
 * }</pre>
 *
 * <p>The recovered socket is a new {@code Socket} with a new {@link SocketScoped} scope: the
 * instances of the lost socket were destroyed after its {@link Disconnected} observers ran. What
 * must survive a lost connection belongs in {@code socket.data()}, which recovery restores. By
 * default a recovered socket skips the namespace's middlewares, so the {@link Connecting}
 * observers do not run for it (unless {@code skipMiddlewares} is false).
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
