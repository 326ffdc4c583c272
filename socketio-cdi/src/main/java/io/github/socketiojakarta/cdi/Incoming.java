package io.github.socketiojakarta.cdi;

import io.github.socketiojakarta.server.Arguments;
import io.github.socketiojakarta.server.Event;
import io.github.socketiojakarta.server.Socket;
import java.lang.reflect.Type;

/**
 * An incoming event as an observer sees it: the first argument mapped to {@code T} with JSON-B,
 * every argument, the socket, and the ack.
 *
 * <pre>{@code
 * void message(@Observes @OnEvent("message") @OfNamespace("/chat") Incoming<ChatMessage> in) {
 *     in.socket().to("lobby").emit("message", in.data());
 *     in.ack(new Receipt(in.data().id()));
 * }
 * }</pre>
 *
 * <p>Thread-safe; {@link #ack} sends at most once, from any thread (also from an
 * {@code @ObservesAsync} observer).
 *
 * @param <T> the type of the first argument
 */
public final class Incoming<T> {
    private final Event event;
    private final T data;

    Incoming(Event event, T data) {
        this.event = event;
        this.data = data;
    }

    /** The first argument, mapped to {@code T} ({@code null} when the event has none). */
    public T data() {
        return data;
    }

    /** The event name. */
    public String name() {
        return event.name();
    }

    /** Every argument, as received. */
    public Arguments args() {
        return event.args();
    }

    /** Argument {@code i} mapped to {@code type}. */
    public <A> A arg(int i, Class<A> type) {
        return event.args().get(i, type);
    }

    /** Argument {@code i} mapped to a generic type. */
    public <A> A arg(int i, Type type) {
        return event.args().get(i, type);
    }

    /** The socket the event came from. */
    public Socket socket() {
        return event.socket();
    }

    /** Whether the client asked for an ack. */
    public boolean wantsAck() {
        return event.wantsAck();
    }

    /** Answers the client's ack (once; later calls do nothing). */
    public boolean ack(Object... values) {
        return event.ack(values);
    }

    /** The underlying event. */
    public Event event() {
        return event;
    }
}
