package io.github.socketiojakarta.admin;

import java.util.concurrent.CompletableFuture;

/**
 * Where the admin namespace keeps the session ids it gives after a successful login, so that
 * the UI reconnects with its session id instead of the password. In a cluster, every node must
 * share one store (a UI may reconnect to another node). Implementations must be thread-safe and
 * must not block: a store on the network answers with futures.
 */
public interface SessionStore {

    /** Whether a session with this id exists (and has not expired). */
    CompletableFuture<Boolean> exists(String sessionId);

    /** Saves a new session id; completes once it is saved. */
    CompletableFuture<Void> save(String sessionId);
}
