package io.github.socketiojakarta.example;

import io.github.socketiojakarta.cdi.SocketScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The person behind one socket: nickname and joined rooms. One instance per socket. */
@SocketScoped
public class ChatUser {
    private volatile String nickname;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();

    /** The nickname given in the handshake. */
    public String nickname() {
        return nickname;
    }

    void nickname(String value) {
        nickname = value;
    }

    /** The rooms this user is in. */
    public Set<String> rooms() {
        return rooms;
    }
}
