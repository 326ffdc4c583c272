/**
 * The container bindings: the only package that touches Servlet and WebSocket types. One servlet
 * per server serves long-polling with async, non-blocking I/O and upgrades to JSR-356 WebSocket
 * after the Engine.IO checks; {@link io.github.socketiojakarta.container.SocketIoInitializer}
 * mounts a server in any Servlet 6 container with no code.
 */
package io.github.socketiojakarta.container;
