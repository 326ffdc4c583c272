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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The chat, written only with the CDI programming model: observer methods for the socket's
 * life and its events, a {@code @SocketScoped} {@link ChatUser}, and the injected server to
 * broadcast. Events (client to server): {@code join}, {@code leave}, {@code message},
 * {@code typing}, {@code image}; (server to client): {@code rooms}, {@code presence},
 * {@code message}, {@code typing}, {@code image}.
 */
@ApplicationScoped
public class Chat {
    /** The longest nickname accepted. */
    public static final int MAX_NICKNAME = 24;
    /** The largest image accepted, in bytes. */
    public static final int MAX_IMAGE = 512 * 1024;

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
            throw new Middleware.Rejection("The nickname " + nickname + " is taken",
                    Map.of("reason", "taken"));
        }
        user.nickname(nickname);
    }

    // README:CDI:BEGIN
    void connected(@Observes @Connected Socket socket) {
        socket.emit("rooms", rooms.names());
    }

    void message(@Observes @OnEvent("message") Incoming<Inputs.Say> in) {
        Inputs.Say say = in.data();
        if (say == null || say.text() == null || !joined(say.room())) {
            in.ack(Map.of("error", "join the room first"));
            return;
        }
        ChatMessage message = new ChatMessage("message", UUID.randomUUID().toString(), say.room(),
                user.nickname(), say.text(), System.currentTimeMillis(), say.clientId());
        rooms.record(say.room(), message);
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
            io.emit("rooms", rooms.names());
        }
        Socket socket = in.socket();
        socket.join(room);
        user.rooms().add(room);
        List<String> members = rooms.join(room, user.nickname());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("room", room);
        answer.put("history", rooms.history(room));
        answer.put("members", members);
        in.ack(answer);
        io.to(room).emit("presence", presence(room, members, "joined"));
    }

    void leave(@Observes @OnEvent("leave") Incoming<String> in) {
        String room = in.data();
        if (room == null || !user.rooms().remove(room)) {
            in.ack(Map.of("room", String.valueOf(room)));
            return;
        }
        in.socket().leave(room);
        List<String> members = rooms.leave(room, user.nickname());
        in.ack(Map.of("room", room));
        io.to(room).emit("presence", presence(room, members, "left"));
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
        in.socket().to(img.room()).emit("image", entry);
        in.ack(Map.of("id", entry.get("id"), "time", entry.get("time")));
    }

    void disconnected(@Observes @Disconnected Disconnection d) {
        String nickname = user.nickname();
        if (nickname == null) {
            return;
        }
        for (String room : user.rooms()) {
            io.to(room).emit("presence", presence(room, rooms.leave(room, nickname), "left"));
        }
        rooms.release(nickname);
    }

    /** Whether this user is in the room; false for no room (the set refuses null lookups). */
    private boolean joined(String room) {
        return room != null && user.rooms().contains(room);
    }

    private Map<String, Object> presence(String room, List<String> members, String change) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("room", room);
        p.put("members", members);
        p.put(change, user.nickname());
        return p;
    }

    private static String roomName(String raw) {
        if (raw == null) {
            return null;
        }
        String r = raw.strip().toLowerCase(java.util.Locale.ROOT);
        return r.matches("[a-z0-9_-]{1,32}") ? r : null;
    }
}
