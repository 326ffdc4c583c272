/**
 * The example chat: CDI beans only, no servlet or Socket.IO plumbing. {@code Chat}'s observer
 * methods react to connections and events, {@code Rooms} keeps each room's recent entries
 * (members are the room's sockets, on every node), a {@code @SocketScoped} {@code ChatUser}
 * holds each socket's user, and {@code Inputs} holds the records clients' messages are mapped
 * to.
 *
 * <p>May import: the CDI bridge ({@code cdi}), the library's public {@code server} types and the
 * CDI APIs. Nothing of the library's internals and no servlet types.
 */
package io.github.socketiojakarta.example;
