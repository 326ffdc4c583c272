package io.github.socketiojakarta.cdi;

import jakarta.enterprise.inject.spi.ObserverMethod;
import java.lang.reflect.Type;

/**
 * One observer method of socket events, as the extension collected it.
 *
 * @param kind which socket event it observes
 * @param namespace the namespace it selects ({@code /} by default)
 * @param event the event name for {@link Kind#EVENT}, else null
 * @param payload for {@link Kind#EVENT}: the type {@code T} of {@code Incoming<T>}
 * @param method the container's observer method, notified directly by the dispatcher
 * @param description the declaring method, for messages
 */
record SocketObserver(Kind kind, String namespace, String event, Type payload,
        ObserverMethod<?> method, String description) {

    /** The socket events an observer can select. */
    enum Kind { CONNECTING, CONNECTED, DISCONNECTED, EVENT }

    boolean async() {
        return method.isAsync();
    }

    int priority() {
        return method.getPriority();
    }
}
