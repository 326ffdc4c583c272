package io.github.socketiojakarta.example;

import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;

/**
 * Runs the example WAR (its exploded directory) on embedded Tomcat with Weld and Yasson from
 * the class path, as a standalone Tomcat with those libraries would. The chat's page is at
 * {@code http://localhost:<port>/}.
 */
public final class ChatLauncher implements AutoCloseable {
    private final Tomcat tomcat;
    private final Context context;
    private final int port;
    /** A copy of the WAR made for extra libraries, deleted on close; or null. */
    private final Path warCopy;

    private ChatLauncher(Tomcat tomcat, Context context, int port, Path warCopy) {
        this.tomcat = tomcat;
        this.context = context;
        this.port = port;
        this.warCopy = warCopy;
    }

    /**
     * Deploys the exploded WAR at the root context. Tomcat is stopped again when the web
     * application does not start.
     *
     * @param port the port (0: any free one)
     * @param warDir the exploded WAR, e.g. {@code target/example-war-0.1.0-SNAPSHOT}
     * @param loopbackOnly listen on 127.0.0.1 only, else on all interfaces
     */
    public static ChatLauncher start(int port, Path warDir, boolean loopbackOnly)
            throws IOException, LifecycleException {
        return start(port, warDir, loopbackOnly, Map.of(), List.of());
    }

    /**
     * Deploys the exploded WAR at the root context with context parameters and extra libraries,
     * e.g. {@code socketio.adapter=redis} and the {@code socketio-redis} jar: a node of a
     * cluster. The extra jars go to {@code WEB-INF/lib} of a temporary copy of the WAR (deleted
     * on close), as they would be packaged in a WAR, so that the web application's class loader
     * loads them (and finds their {@code ServiceLoader} providers) next to the library.
     *
     * @param contextParams servlet context init parameters
     * @param extraLibraries jars to add to {@code WEB-INF/lib}
     */
    public static ChatLauncher start(int port, Path warDir, boolean loopbackOnly,
            Map<String, String> contextParams, List<Path> extraLibraries)
            throws IOException, LifecycleException {
        if (!Files.isDirectory(warDir.resolve("WEB-INF"))) {
            throw new IllegalArgumentException(warDir + " is not an exploded WAR; run mvn package");
        }
        Path warCopy = null;
        if (!extraLibraries.isEmpty()) {
            warCopy = copyTree(warDir, Files.createTempDirectory("chat-war"));
            for (Path jar : extraLibraries) {
                if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
                    throw new IllegalArgumentException(jar + " is not a jar (run mvn package)");
                }
                Files.copy(jar, warCopy.resolve("WEB-INF/lib").resolve(jar.getFileName()));
            }
            warDir = warCopy;
        }
        Path base = Files.createTempDirectory("chat-tomcat");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        if (loopbackOnly) {
            connector.setProperty("address", "127.0.0.1");
        }
        tomcat.setConnector(connector);
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context ctx = tomcat.addWebapp("", warDir.toAbsolutePath().toString());
        contextParams.forEach(ctx::addParameter);
        ctx.setParentClassLoader(new WithoutWarLibraries(ChatLauncher.class.getClassLoader(),
                warDir.resolve("WEB-INF/lib")));
        Wrapper files = Tomcat.addServlet(ctx, "default", new DefaultServlet());
        files.setLoadOnStartup(1);
        ctx.addServletMappingDecoded("/", "default");
        ctx.addWelcomeFile("index.html");
        Tomcat.addDefaultMimeTypeMappings(ctx);
        try {
            tomcat.start();
            if (!ctx.getState().isAvailable()) {
                throw new LifecycleException("the web application did not start (see the log)");
            }
        } catch (LifecycleException | RuntimeException e) {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new ChatLauncher(tomcat, ctx, connector.getLocalPort(), warCopy);
    }

    private static Path copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.createDirectories(to.resolve("WEB-INF/lib"));
        return to;
    }

    /** The port. */
    public int port() {
        return port;
    }

    /** The web application's servlet context. */
    public ServletContext servletContext() {
        return context.getServletContext();
    }

    /**
     * Closes the Engine.IO connections of the sockets whose handshake carried this nickname, as
     * a broken network would ({@code transport error}): the clients see their transport close
     * and reconnect by themselves. For tests of the page's reconnection.
     *
     * <p>The WAR's classes (the library in {@code WEB-INF/lib} included) are loaded by the web
     * application's class loader, as in a standalone Tomcat, so they are not the classes this
     * launcher sees on its own class path: {@code SocketIo.server(servletContext())} from here
     * would not find the application's server. The calls below are therefore made by
     * reflection on the application's own classes: {@code SocketIo.server(context).sockets()
     * .sockets()}, each socket's {@code handshake().auth()} and {@code connectionId()}, then
     * {@code engine().session(id).close(CloseReason.TRANSPORT_ERROR)}.
     *
     * @return how many connections were closed
     */
    public int dropConnections(String nickname) {
        ClassLoader app = context.getLoader().getClassLoader();
        try {
            Class<?> socketIo = app.loadClass("io.github.socketiojakarta.bootstrap.SocketIo");
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object transportError = Enum.valueOf((Class) app.loadClass(
                    "io.github.socketiojakarta.engine.CloseReason"), "TRANSPORT_ERROR");
            Object server = socketIo.getMethod("server", ServletContext.class)
                    .invoke(null, servletContext());
            Object engine = call(server, "engine");
            Map<?, ?> sockets = (Map<?, ?>) call(call(server, "sockets"), "sockets");
            int closed = 0;
            for (Object socket : sockets.values()) {
                Map<?, ?> auth = (Map<?, ?>) call(call(socket, "handshake"), "auth");
                if (nickname.equals(auth.get("nickname"))) {
                    Object session = call(engine, "session", call(socket, "connectionId"));
                    if (session != null) {
                        session.getClass().getMethod("close", transportError.getClass())
                                .invoke(session, transportError);
                        closed++;
                    }
                }
            }
            return closed;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the application's Socket.IO server", e);
        }
    }

    /**
     * The connected sockets (main namespace) whose handshake carried this nickname, each as
     * {@code "<socket id> recovered=<true|false>"}: what the server knows of a user, for tests of
     * connection state recovery. By reflection, as {@link #dropConnections} explains.
     */
    public List<String> sockets(String nickname) {
        ClassLoader app = context.getLoader().getClassLoader();
        try {
            Class<?> socketIo = app.loadClass("io.github.socketiojakarta.bootstrap.SocketIo");
            Object server = socketIo.getMethod("server", ServletContext.class)
                    .invoke(null, servletContext());
            Map<?, ?> sockets = (Map<?, ?>) call(call(server, "sockets"), "sockets");
            List<String> found = new ArrayList<>();
            for (Object socket : sockets.values()) {
                Map<?, ?> auth = (Map<?, ?>) call(call(socket, "handshake"), "auth");
                if (nickname.equals(auth.get("nickname"))) {
                    found.add(call(socket, "id") + " recovered=" + call(socket, "recovered"));
                }
            }
            return found;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the application's Socket.IO server", e);
        }
    }

    private static Object call(Object target, String name, Object... args)
            throws ReflectiveOperationException {
        for (Method m : target.getClass().getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    throw e;
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name);
    }

    @Override
    public void close() throws LifecycleException {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            if (warCopy != null) {
                try (Stream<Path> paths = Files.walk(warCopy)) {
                    paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | RuntimeException e) {
                    System.err.println("could not delete " + warCopy + ": " + e);
                }
            }
        }
    }

    /**
     * The launcher's class path as the web application's parent class loader, minus the
     * entries that hold the WAR's own libraries. Those libraries (socketio-servlet,
     * socketio-cdi) are on the launcher's class path too, as dependencies of this module; a
     * standalone Tomcat's shared libraries (Weld, Yasson) do not include them, and CDI would
     * otherwise discover their {@code META-INF/beans.xml} twice (once in {@code WEB-INF/lib},
     * once through the parent) and find every bean of theirs ambiguous.
     */
    private static final class WithoutWarLibraries extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        /** URL prefixes of the hidden class path entries, e.g. {@code jar:file:/…/x.jar!/}. */
        private final List<String> hidden = new ArrayList<>();

        WithoutWarLibraries(ClassLoader parent, Path warLib) throws IOException {
            super(parent);
            if (!Files.isDirectory(warLib)) {
                return;
            }
            try (Stream<Path> jars = Files.list(warLib)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    String sample = sampleClass(jar);
                    URL onParent = sample == null ? null : parent.getResource(sample);
                    if (onParent != null) {
                        String url = onParent.toString();
                        hidden.add(url.substring(0, url.length() - sample.length()));
                    }
                }
            }
        }

        /** A class file of the jar, to find where the parent has the same library. */
        private static String sampleClass(Path jar) throws IOException {
            try (JarFile file = new JarFile(jar.toFile())) {
                return file.stream().map(JarEntry::getName)
                        .filter(n -> n.endsWith(".class") && !n.contains("module-info")
                                && !n.startsWith("META-INF/"))
                        .findFirst().orElse(null);
            }
        }

        private boolean isHidden(URL url) {
            String s = url.toString();
            return hidden.stream().anyMatch(s::startsWith);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            URL source = getParent().getResource(name.replace('.', '/') + ".class");
            if (source != null && isHidden(source)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            try {
                Enumeration<URL> all = getResources(name);
                return all.hasMoreElements() ? all.nextElement() : null;
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (name.startsWith("META-INF/services/io.github.socketiojakarta.")) {
                // the library's providers come from WEB-INF/lib only: on the launcher's class
                // path, socketio-servlet's test jar lists test extensions, whose interfaces
                // are not the web application's
                return Collections.emptyEnumeration();
            }
            List<URL> kept = new ArrayList<>();
            for (URL url : Collections.list(getParent().getResources(name))) {
                if (!isHidden(url)) {
                    kept.add(url);
                }
            }
            return Collections.enumeration(kept);
        }
    }

    /**
     * @param args the port (default 8080) and the exploded WAR directory
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        Path war = args.length > 1 ? Path.of(args[1])
                : Path.of("example-war/target/example-war-0.1.0-SNAPSHOT");
        ChatLauncher chat = start(port, war, false);
        System.out.println();
        System.out.println("Jakarta Socket.IO chat: http://localhost:" + chat.port() + "/");
        System.out.println("(Ctrl+C to stop)");
        chat.tomcat.getServer().await();
    }

}
