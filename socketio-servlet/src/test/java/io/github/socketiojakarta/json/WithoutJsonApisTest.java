package io.github.socketiojakarta.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The library in a container without JSON-B and JSON-P (standalone Tomcat): servers are built
 * and plain values map, and only mapping an object fails, with a message naming what is
 * missing. The library's classes are loaded here by a loader that sees no {@code jakarta.*}
 * class at all.
 */
class WithoutJsonApisTest {

    @Test
    void serverOptionsAndPlainValuesNeedNoJsonApi() throws Exception {
        try (URLClassLoader loader = libraryAlone()) {
            assertThatThrownBy(() -> loader.loadClass("jakarta.json.bind.JsonbException"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> options = loader.loadClass("io.github.socketiojakarta.server.ServerOptions");
            Object defaults = options.getMethod("defaults").invoke(null);
            Object mapper = options.getMethod("mapper").invoke(defaults);
            Method convert = mapper.getClass().getMethod("convert", Object.class, Type.class);

            assertThat(convert.invoke(mapper, "text", String.class)).isEqualTo("text");
            assertThat(convert.invoke(mapper, 42L, Long.class)).isEqualTo(42L);
            assertThat(convert.invoke(mapper, Map.of("a", 1L), Object.class))
                    .isEqualTo(Map.of("a", 1L));
            assertThat(convert.invoke(mapper, null, String.class)).isNull();
        }
    }

    @Test
    void mappingAnObjectNamesTheMissingJsonB() throws Exception {
        try (URLClassLoader loader = libraryAlone()) {
            Class<?> options = loader.loadClass("io.github.socketiojakarta.server.ServerOptions");
            Object mapper = options.getMethod("mapper")
                    .invoke(options.getMethod("defaults").invoke(null));
            Method write = mapper.getClass().getMethod("write", Object.class, StringBuilder.class);
            Method convert = mapper.getClass().getMethod("convert", Object.class, Type.class);

            assertThat(cause(() -> write.invoke(mapper, List.of(1).iterator(), new StringBuilder())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("JSON-B API");
            assertThat(cause(() -> convert.invoke(mapper, Map.of("a", 1L), Map.class)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("JSON-B API");
        }
    }

    /** The library's main classes, with the JDK as the only parent. */
    private static URLClassLoader libraryAlone() {
        URL classes = JsonbArgumentMapper.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader());
    }

    private static Throwable cause(ReflectiveCall call) {
        try {
            call.run();
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no exception");
    }

    private interface ReflectiveCall {
        void run() throws ReflectiveOperationException;
    }
}
