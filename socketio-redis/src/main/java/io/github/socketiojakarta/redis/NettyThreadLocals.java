package io.github.socketiojakarta.redis;

import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.Set;

/**
 * Keeps Netty's thread-local state off the threads we do not own. A Lettuce command issued on a
 * container thread (a request thread publishing a broadcast, the thread deploying or undeploying
 * the application) makes Netty bind an {@code InternalThreadLocalMap} to that thread (through a
 * plain {@link ThreadLocal}: the Recycler of its write tasks, its promises' listener depth); the
 * container's pooled threads outlive the web application, so the map pins its class loader
 * (Tomcat: "created a ThreadLocal ... but failed to remove it when the web application was
 * stopped"). {@link #release} removes every Netty thread local of the calling thread after such
 * a call, as {@link FastThreadLocal#removeAll()} is documented for containers; Netty's own
 * threads (event loops) and the factory's worker keep theirs, they end with the factory.
 *
 * <p>The price is that a publishing container thread gets a fresh (small) map per command
 * instead of reusing one. Stateless; called on any thread.
 */
final class NettyThreadLocals {
    private NettyThreadLocals() {}

    /** Drops the calling thread's Netty thread locals unless it is one of Netty's or in {@code own}. */
    static void release(Set<Thread> own) {
        Thread current = Thread.currentThread();
        if (current instanceof FastThreadLocalThread || own.contains(current)) {
            return;
        }
        FastThreadLocal.removeAll();
    }
}
