package io.github.socketiojakarta.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Micrometer is optional: with the library's classes alone (the JDK as the only parent, no
 * Micrometer, no Jakarta API), a server starts, counts, and its MBean registers and reads.
 */
class MetricsWithoutMicrometerTest {

    @Test
    void theServerAndItsMBeanNeedNoMicrometer() throws Exception {
        URL classes = ServerMBean.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes},
                ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("io.micrometer.core.instrument.Meter"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> serverClass = loader.loadClass(
                    "io.github.socketiojakarta.server.SocketIoServer");
            AutoCloseable io = (AutoCloseable) serverClass.getMethod("create").invoke(null);
            try {
                Object metrics = serverClass.getMethod("metrics").invoke(io);
                Class<?> bean = loader.loadClass("io.github.socketiojakarta.metrics.ServerMBean");
                Object registered = bean.getMethod("register",
                        loader.loadClass("io.github.socketiojakarta.server.ServerMetrics"),
                        String.class, String.class)
                        .invoke(null, metrics, "/without-micrometer", "/socket.io/");
                ObjectName name = (ObjectName) bean.getMethod("name").invoke(registered);
                MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
                try {
                    assertThat(jmx.getAttribute(name, "Connections")).isEqualTo(0);
                    assertThat(jmx.getAttribute(name, "SocketCount")).isEqualTo(0);
                    assertThat(jmx.getAttribute(name, "Upgrades")).isEqualTo(0L);
                } finally {
                    bean.getMethod("unregister").invoke(registered);
                }
                assertThat(jmx.isRegistered(name)).isFalse();
            } finally {
                io.close();
            }
        }
    }
}
