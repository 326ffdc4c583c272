/**
 * Tomcat's WebSocket write path, behind the engine's binding boundary:
 * {@link io.github.socketiojakarta.container.tomcat.TomcatChannel} writes a whole batch of
 * packets with Tomcat's non-blocking batch flush and sends text from its cached UTF-8 form;
 * {@code TomcatRemote} reaches those Tomcat internals by reflection, on the Tomcat versions it
 * was written for, and logs once which write path is used. Elsewhere (another container or
 * version, or {@code -Dio.github.socketiojakarta.tomcatBatching=false}) the plain JSR-356
 * channel of {@code container} is used.
 *
 * <p>May import: {@code jakarta.websocket}, {@code engine.binding}, {@code engine.codec}.
 * Tomcat's classes only by reflection (no compile-time dependency), and nothing of ours is ever
 * stored in them (the application's class loader must not outlive its undeployment).
 */
package io.github.socketiojakarta.container.tomcat;
