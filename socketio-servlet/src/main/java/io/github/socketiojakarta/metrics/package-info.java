/**
 * Metrics of a running server for monitoring tools, over the public
 * {@link io.github.socketiojakarta.server.ServerMetrics} view only: the JMX MBean
 * ({@link io.github.socketiojakarta.metrics.ServerMBean}, needs nothing but the JDK's
 * {@code java.management}; the bootstrap registers one per deployed server) and the Micrometer
 * binder ({@link io.github.socketiojakarta.metrics.SocketIoMeterBinder}, the only class that
 * touches Micrometer, an optional dependency: nothing here loads it unless the binder is used).
 */
package io.github.socketiojakarta.metrics;
