/**
 * The load driver: many clients (Socket.IO or the bare protocol, WebSocket or long-polling) run
 * one scenario ({@code fanout}, {@code echo}, {@code idle}) against a bench server and print the
 * results as JSON. It speaks the wire protocols itself over non-blocking JDK sockets, so that it
 * measures the servers, not a client library.
 *
 * <p>May import: the JDK and the library's {@code protocol.Json} (to read and write the JSON
 * payloads). Never the server side of the library.
 */
package io.github.socketiojakarta.benchmarks.driver;
