/**
 * The server side of the official Socket.IO Admin UI ({@code @socket.io/admin-ui} 0.5.x):
 * {@link io.github.socketiojakarta.admin.AdminUi#instrument} adds the admin namespace to a
 * server, with its authentication, the events the UI listens to and the commands it sends.
 * Built on the server's public API and the adapter SPI only, so it works across a cluster with
 * any cluster adapter (every node is instrumented and reports itself).
 */
package io.github.socketiojakarta.admin;
