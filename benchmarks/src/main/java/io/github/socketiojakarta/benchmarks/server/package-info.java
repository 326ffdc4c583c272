/**
 * The bench servers on embedded Tomcat, all answering the same load-test contract
 * ({@link io.github.socketiojakarta.benchmarks.server.BenchContract}): this library's Socket.IO
 * server ({@code BenchServer}) and a bare JSR-356/servlet server with its own minimal framing
 * ({@code BareServer}), the ceiling the library is measured against.
 *
 * <p>May import: the library's public API ({@code server}, {@code bootstrap}),
 * {@code jakarta.servlet}, {@code jakarta.websocket} and Tomcat's embedding API.
 */
package io.github.socketiojakarta.benchmarks.server;
