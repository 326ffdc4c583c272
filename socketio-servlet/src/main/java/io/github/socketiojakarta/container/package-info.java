/**
 * Binds the Engine.IO core to the servlet container: one servlet per engine serves long-polling
 * with async, non-blocking I/O and upgrades to JSR-356 WebSocket after the Engine.IO checks.
 * {@link io.github.socketiojakarta.container.EngineBinding} is the public entry point; everything
 * else here is package-private.
 *
 * <p>May import: {@code engine} (and its subpackages), {@code jakarta.servlet},
 * {@code jakarta.websocket} and the container-specific APIs of the bindings (Tomcat's, loaded
 * only where present). Knows nothing of Socket.IO: no {@code protocol}, {@code server},
 * {@code adapter}, {@code json} or {@code bootstrap}; the Socket.IO mounting lives in
 * {@code io.github.socketiojakarta.bootstrap}. Together with the bootstrap, the only package
 * that touches Servlet and WebSocket types.
 */
package io.github.socketiojakarta.container;
