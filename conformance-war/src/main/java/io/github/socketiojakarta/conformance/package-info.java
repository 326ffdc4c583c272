/**
 * The conformance fixture as a web application: {@link
 * io.github.socketiojakarta.conformance.ConformanceInitializer} mounts the bare Engine.IO echo at
 * {@code /engine.io/} and the Socket.IO fixture at {@code /socket.io/}, as described under "The
 * conformance fixture" in {@code docs/protocol-decisions.md}, so that the official conformance
 * suites can run against a real container.
 *
 * <p>May import: the library ({@code engine} for the bare echo's {@code EngineListener},
 * {@code container.EngineBinding} to mount it, {@code server} and {@code bootstrap} for
 * Socket.IO) and {@code jakarta.servlet}.
 */
package io.github.socketiojakarta.conformance;
