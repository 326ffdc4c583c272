package io.github.socketiojakarta.bootstrap;

import io.github.socketiojakarta.server.SocketIoServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A {@link ServerExtension} registered in the test resources' {@code META-INF/services}: it
 * records the servers it is given while the {@code socketio.recording.extension} parameter is
 * set, and refuses the value {@code bad}; closed by the bootstrap, it records whether its server
 * was closed by then.
 */
public final class RecordingExtension implements ServerExtension, AutoCloseable {
    /** The servers extended, with the setting's value. */
    static final List<Object[]> SEEN = new CopyOnWriteArrayList<>();
    /** For each close of an extension that was given a server: whether that server was closed. */
    static final List<Boolean> CLOSED = new CopyOnWriteArrayList<>();

    private volatile SocketIoServer server;

    @Override
    public void extend(SocketIoServer server, Function<String, String> settings) {
        String value = settings.apply("recording.extension");
        if (value == null) {
            return;
        }
        this.server = server;
        if (value.equals("bad")) {
            throw new IllegalArgumentException("socketio.recording.extension: bad");
        }
        SEEN.add(new Object[] {server, value});
    }

    @Override
    public void close() {
        SocketIoServer s = server;
        if (s != null) {
            CLOSED.add(s.engine().closed());
        }
    }
}
