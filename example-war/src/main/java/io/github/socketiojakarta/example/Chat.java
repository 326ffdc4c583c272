package io.github.socketiojakarta.example;

import io.github.socketiojakarta.cdi.Connected;
import io.github.socketiojakarta.cdi.Connecting;
import io.github.socketiojakarta.cdi.Disconnected;
import io.github.socketiojakarta.cdi.Disconnection;
import io.github.socketiojakarta.cdi.Incoming;
import io.github.socketiojakarta.cdi.OnEvent;
import io.github.socketiojakarta.server.Middleware;
import io.github.socketiojakarta.server.Socket;
import io.github.socketiojakarta.server.SocketIoServer;
import io.github.socketiojakarta.server.Event;
import io.github.socketiojakarta.server.RemoteSocket;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The chat, written only with the CDI programming model: observer methods for the socket's
 * life and its events, a {@code @SocketScoped} {@link ChatUser}, and the injected server to
 * broadcast. Events (client to server): {@code join}, {@code leave}, {@code message},
 * {@code typing}, {@code image}; (server to client): {@code rooms}, {@code presence},
 * {@code message}, {@code typing}, {@code image}.
 *
 * <p><b>On a cluster</b> (e.g. {@code socketio.adapter=redis}) the chat stays correct with the
 * public API only; on one node it behaves exactly as before, since the in-memory adapter answers
 * at once and sends server-side events nowhere:
 * <ul>
 * <li>members of a room (presence) are the nicknames in {@code socket.data} of the room's
 * sockets on every node ({@code io.in(room).fetchSockets()}), not a node-local list;
 * <li>a nickname is refused when a socket of any node has it (checked with {@code fetchSockets}
 * on connect; two users connecting with one nickname at the same moment on two nodes can both
 * get it: the check is not atomic across nodes);
 * <li>each node keeps the history of every room: a node that accepts a message or an image
 * also sends it to the other nodes as the server-side event {@code chat:record}, and a new room
 * as {@code chat:room}. A node started later has no history of what was said before it came.
 * </ul>
 *
 * <p><b>Connection state recovery</b> is on ({@code socketio.connectionStateRecovery} in
 * {@code web.xml}): a user whose connection drops and comes back within two minutes gets the
 * same socket, rooms and nickname, and every entry and presence change it missed, in order,
 * without joining again (see {@code connected}). The Redis pub/sub adapter of a cluster does not
 * recover sessions: there the page joins its rooms again and reloads their history.
 */
@ApplicationScoped
public class Chat {
    /** The longest nickname accepted. */
    public static final int MAX_NICKNAME = 24;
    /** The largest image accepted, in bytes. */
    public static final int MAX_IMAGE = 512 * 1024;
    /** The key of the nickname in {@code socket.data}, which fetchSockets shows on every node. */
    static final String NICKNAME = "nickname";
    /** Server-side event: an entry of a room's history accepted by another node. */
    static final String RECORD = "chat:record";
    /** Server-side event: a room created on another node. */
    static final String ROOM = "chat:room";
    /** How long the connect-time nickname check waits for the other nodes. */
    private static final long NICKNAME_CHECK_SECONDS = 3;

    @Inject
    SocketIoServer io;

    @Inject
    ChatUser user;

    @Inject
    Rooms rooms;

    /** The nickname comes in the handshake's auth; missing or taken ones are refused. */
    void connecting(@Observes @Connecting Socket socket) {
        Object raw = socket.handshake().auth().get("nickname");
        String nickname = raw instanceof String s ? s.strip() : "";
        if (nickname.isEmpty()) {
            throw new Middleware.Rejection("Choose a nickname first", Map.of("reason", "required"));
        }
        if (nickname.length() > MAX_NICKNAME || !nickname.matches("[\\p{L}\\p{N}_.\\- ]+")) {
            throw new Middleware.Rejection("Nicknames are up to " + MAX_NICKNAME
                    + " letters, digits, spaces, . _ -", Map.of("reason", "invalid"));
        }
        if (!rooms.claim(nickname)) {
            throw taken(nickname);
        }
        if (takenElsewhere(nickname)) {
            rooms.release(nickname);
            throw taken(nickname);
        }
        socket.data().put(NICKNAME, nickname);
        user.nickname(nickname);
    }

    /** Listens to the other nodes' server-side events once the application is up. */
    void started(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        io.sockets().onServerSideEvent(RECORD, this::recordFromOtherNode);
        io.sockets().onServerSideEvent(ROOM, e -> {
            if (e.args().get(0) instanceof String room && roomName(room) != null) {
                rooms.create(room);
            }
        });
    }

    private void recordFromOtherNode(Event e) {
        if (e.args().get(0) instanceof Map<?, ?> entry && entry.get("room") instanceof String room
                && roomName(room) != null) {
            rooms.record(room, new LinkedHashMap<>(entry));
        }
    }

    private static Middleware.Rejection taken(String nickname) {
        return new Middleware.Rejection("The nickname " + nickname + " is taken",
                Map.of("reason", "taken"));
    }

    /**
     * Whether a connected socket of any node has this nickname (case-insensitive). When the
     * other nodes cannot be asked (Redis down, a timeout), only this node's claim counts.
     */
    private boolean takenElsewhere(String nickname) {
        try {
            return io.fetchSockets().get(NICKNAME_CHECK_SECONDS, TimeUnit.SECONDS).stream()
                    .map(s -> s.data().get(NICKNAME))
                    .anyMatch(n -> n instanceof String s && s.equalsIgnoreCase(nickname));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    // README:CDI:BEGIN
    void connected(@Observes @Connected Socket socket) {
        if (socket.recovered()) {
            resume(socket); // back within the recovery window: it got what it missed
            return;
        }
        socket.emit("rooms", rooms.names());
    }

    void message(@Observes @OnEvent("message") Incoming<Inputs.Say> in) {
        Inputs.Say say = in.data();
        if (say == null || say.text() == null || !joined(say.room())) {
            in.ack(Map.of("error", "join the room first"));
            return;
        }
        if (alreadyAccepted(in, say.room(), say.clientId())) {
            return; // sent again after a reconnection: acked again, not broadcast twice
        }
        ChatMessage message = new ChatMessage("message", UUID.randomUUID().toString(), say.room(),
                user.nickname(), say.text(), System.currentTimeMillis(), say.clientId());
        rooms.record(say.room(), message);
        io.serverSideEmit(RECORD, asMap(message));
        in.socket().to(say.room()).emit("message", message);
        in.ack(Map.of("id", message.id(), "time", message.time()));
    }
    // README:CDI:END

    void join(@Observes @OnEvent("join") Incoming<String> in) {
        String room = roomName(in.data());
        if (room == null) {
            in.ack(Map.of("error", "invalid room name"));
            return;
        }
        if (rooms.create(room)) {
            io.serverSideEmit(ROOM, room);
            io.emit("rooms", rooms.names());
        }
        Socket socket = in.socket();
        socket.join(room);
        user.rooms().add(room);
        String nickname = user.nickname();
        List<Object> history = rooms.history(room);
        members(room, null, members -> {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("room", room);
            answer.put("history", history);
            answer.put("members", members);
            in.ack(answer);
            io.to(room).emit("presence", presence(room, members, "joined", nickname));
        });
    }

    void leave(@Observes @OnEvent("leave") Incoming<String> in) {
        String room = in.data();
        if (room == null || !user.rooms().remove(room)) {
            in.ack(Map.of("room", String.valueOf(room)));
            return;
        }
        Socket socket = in.socket();
        socket.leave(room);
        String nickname = user.nickname();
        members(room, socket.id(), members -> {
            in.ack(Map.of("room", room));
            io.to(room).emit("presence", presence(room, members, "left", nickname));
        });
    }

    void typing(@Observes @OnEvent("typing") Incoming<Inputs.Typing> in) {
        Inputs.Typing t = in.data();
        if (t != null && joined(t.room())) {
            in.socket().to(t.room()).asVolatile().emit("typing",
                    Map.of("room", t.room(), "nickname", user.nickname(), "typing", t.typing()));
        }
    }

    void image(@Observes @OnEvent("image") Incoming<Inputs.Image> in) {
        Inputs.Image img = in.data();
        if (img == null || img.data() == null || !joined(img.room())) {
            in.ack(Map.of("error", "join the room first"));
            return;
        }
        if (img.data().length > MAX_IMAGE) {
            in.ack(Map.of("error", "images are up to " + MAX_IMAGE / 1024 + " KiB"));
            return;
        }
        if (alreadyAccepted(in, img.room(), img.clientId())) {
            return;
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("kind", "image");
        entry.put("id", UUID.randomUUID().toString());
        entry.put("room", img.room());
        entry.put("from", user.nickname());
        entry.put("name", img.name());
        entry.put("type", img.type());
        entry.put("data", img.data());
        entry.put("time", System.currentTimeMillis());
        entry.put("clientId", img.clientId());
        rooms.record(img.room(), entry);
        io.serverSideEmit(RECORD, entry);
        in.socket().to(img.room()).emit("image", entry);
        in.ack(Map.of("id", entry.get("id"), "time", entry.get("time")));
    }

    void disconnected(@Observes @Disconnected Disconnection d) {
        String nickname = user.nickname();
        if (nickname == null) {
            return;
        }
        String id = d.socket().id();
        for (String room : user.rooms()) {
            members(room, id, members ->
                    io.to(room).emit("presence", presence(room, members, "left", nickname)));
        }
        rooms.release(nickname);
    }

    /**
     * A recovered socket: the same id, rooms and {@code socket.data()} as before its connection
     * dropped, and the entries, presence changes and rooms it missed were sent to it before its
     * CONNECT answer. Its {@code @SocketScoped} user is a new one and no {@code @Connecting}
     * observer ran, so the user is rebuilt from the socket; it is not announced as joined and
     * gets no history again: the rooms hear that it is back, with their members. Its nickname
     * was released when the connection dropped; when someone took it meanwhile, the socket is
     * disconnected (its page offers to reconnect, and is then told that the nickname is taken).
     */
    private void resume(Socket socket) {
        String nickname = socket.data().get(NICKNAME) instanceof String n ? n : null;
        if (nickname == null || !rooms.claim(nickname)) {
            socket.disconnect();
            return;
        }
        user.nickname(nickname);
        for (String room : socket.rooms()) {
            if (!room.equals(socket.id())) {
                user.rooms().add(room);
            }
        }
        for (String room : user.rooms()) {
            members(room, null, members ->
                    io.to(room).emit("presence", presence(room, members, "back", nickname)));
        }
    }

    /**
     * Whether this user's entry with this client id is in the room's history already: a page
     * sends again what was not acknowledged when its connection dropped, and the server may have
     * got it before the drop. Then the ack repeats the first answer, and nothing is broadcast.
     */
    private boolean alreadyAccepted(Incoming<?> in, String room, String clientId) {
        Map<String, Object> previous = rooms.entry(room, user.nickname(), clientId);
        if (previous == null) {
            return false;
        }
        in.ack(Map.of("id", previous.get("id"), "time", previous.get("time")));
        return true;
    }

    /** Whether this user is in the room; false for no room (the set refuses null lookups). */
    private boolean joined(String room) {
        return room != null && user.rooms().contains(room);
    }

    /**
     * The room's members on every node, sorted case-insensitively, then {@code then} with them
     * (at once on one node; on a cluster when the other nodes answered, on another thread: it
     * must not use the socket-scoped {@link ChatUser}). {@code without}: the id of a socket that
     * is leaving, left out even if it is still listed. When the other nodes cannot be asked,
     * this node's members are given.
     */
    private void members(String room, String without, Consumer<List<String>> then) {
        io.in(room).fetchSockets()
                .exceptionallyCompose(e -> io.in(room).local().fetchSockets())
                .exceptionally(e -> List.of())
                .thenAccept(sockets -> then.accept(nicknames(sockets, without)));
    }

    private static List<String> nicknames(List<RemoteSocket> sockets, String without) {
        Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (RemoteSocket s : sockets) {
            if (!s.id().equals(without) && s.data().get(NICKNAME) instanceof String n) {
                names.add(n);
            }
        }
        return new ArrayList<>(names);
    }

    private static Map<String, Object> presence(String room, List<String> members, String change,
            String nickname) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("room", room);
        p.put("members", members);
        p.put(change, nickname);
        return p;
    }

    /** A message as plain values, for server-side events (which carry no records). */
    private static Map<String, Object> asMap(ChatMessage m) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", m.kind());
        map.put("id", m.id());
        map.put("room", m.room());
        map.put("from", m.from());
        map.put("text", m.text());
        map.put("time", m.time());
        map.put("clientId", m.clientId());
        return map;
    }

    private static String roomName(String raw) {
        if (raw == null) {
            return null;
        }
        String r = raw.strip().toLowerCase(Locale.ROOT);
        return r.matches("[a-z0-9_-]{1,32}") ? r : null;
    }
}
