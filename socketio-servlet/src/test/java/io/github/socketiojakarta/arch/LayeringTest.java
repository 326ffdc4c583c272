package io.github.socketiojakarta.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;

/**
 * Pins the architecture's dependency rules on the compiled main classes (ArchUnit): dependencies
 * point one way, the codecs stay pure, only the bindings touch the servlet container and only
 * {@code json} touches JSON-P/JSON-B. Each package's {@code package-info.java} says the same in
 * words.
 *
 * <p>The rules name packages with trailing {@code ..} so that subpackages added later (say
 * {@code engine.binding} or {@code container.tomcat}) fall under the rule of their parent.
 */
class LayeringTest {
    private static final String ROOT = "io.github.socketiojakarta";
    private static final String OURS = ROOT + "..";
    private static final String ENGINE = ROOT + ".engine..";
    private static final String ENGINE_CODEC = ROOT + ".engine.codec..";
    private static final String ENGINE_BINDING = ROOT + ".engine.binding..";
    private static final String TOMCAT = ROOT + ".container.tomcat..";
    private static final String UNDERTOW = ROOT + ".container.undertow..";
    private static final String PROTOCOL = ROOT + ".protocol..";
    private static final String SERVER = ROOT + ".server..";
    private static final String ADAPTER = ROOT + ".adapter..";
    private static final String JSON = ROOT + ".json..";
    private static final String CONTAINER = ROOT + ".container..";
    private static final String BOOTSTRAP = ROOT + ".bootstrap..";
    private static final String CDI = ROOT + ".cdi..";

    /** The main classes of this module (no tests, no jars). */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    static final ArchRule ENGINE_CODEC_IS_PURE = noClasses()
            .that().resideInAPackage(ENGINE_CODEC)
            .should().dependOnClassesThat(resideInAPackage(OURS).and(not(resideInAPackage(ENGINE_CODEC))))
            .orShould().dependOnClassesThat().resideInAPackage("jakarta..")
            .because("the Engine.IO codec is pure: wire format only, no I/O, no container");

    static final ArchRule PROTOCOL_IS_PURE = noClasses()
            .that().resideInAPackage(PROTOCOL)
            .should().dependOnClassesThat(resideInAPackage(OURS).and(not(resideInAPackage(PROTOCOL))))
            .orShould().dependOnClassesThat().resideInAPackage("jakarta..")
            .because("the Socket.IO codec is pure: wire format only, no I/O, no container");

    static final ArchRule ENGINE_KNOWS_NO_SOCKET_IO = noClasses()
            .that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    PROTOCOL, SERVER, ADAPTER, JSON, CONTAINER, BOOTSTRAP, CDI)
            .because("Engine.IO is the lower layer: EngineListener is its only seam upward,"
                    + " and the container binds it, not the other way round");

    static final ArchRule CONTAINER_KNOWS_NO_SOCKET_IO = noClasses()
            .that().resideInAPackage(CONTAINER)
            .should().dependOnClassesThat().resideInAnyPackage(
                    PROTOCOL, SERVER, ADAPTER, JSON, BOOTSTRAP, CDI)
            .because("container binds Engine.IO to the servlet container; mounting a Socket.IO"
                    + " server is the bootstrap's job");

    static final ArchRule SERVER_KNOWS_NO_CONTAINER = noClasses()
            .that().resideInAPackage(SERVER)
            .should().dependOnClassesThat().resideInAnyPackage(
                    CONTAINER, BOOTSTRAP, CDI, "jakarta.servlet..", "jakarta.websocket..")
            .because("the Socket.IO server sees Engine.IO only; the bootstrap mounts it");

    static final ArchRule ADAPTER_SEES_ONLY_ITS_SPI = noClasses()
            .that().resideInAPackage(ADAPTER)
            .should().dependOnClassesThat(resideInAPackage(OURS)
                    .and(not(resideInAnyPackage(ADAPTER, PROTOCOL, ENGINE_CODEC))))
            .because("an adapter works through the adapter SPI (NamespaceHandle, LocalSocket,"
                    + " OutboundPacket) and the packets it carries (protocol, and the Engine.IO"
                    + " frames OutboundPacket encodes once), never the server's internals");

    static final ArchRule ONLY_JSON_TOUCHES_JSON_APIS = noClasses()
            .that().resideOutsideOfPackage(JSON)
            .should().dependOnClassesThat().resideInAPackage("jakarta.json..")
            .because("JSON-P/JSON-B are optional at run time: only the json package maps"
                    + " arguments with them");

    static final ArchRule ONLY_BINDINGS_TOUCH_THE_CONTAINER = noClasses()
            .that().resideOutsideOfPackages(CONTAINER, BOOTSTRAP)
            .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..", "jakarta.websocket..")
            .because("only the bindings (container) and the bootstrap touch Servlet and WebSocket");

    static final ArchRule BINDING_SEES_ONLY_THE_CODEC = noClasses()
            .that().resideInAPackage(ENGINE_BINDING)
            .should().dependOnClassesThat(resideInAPackage(OURS)
                    .and(not(resideInAnyPackage(ENGINE_BINDING, ENGINE_CODEC))))
            .because("the boundary between the engine and a binding holds what each side"
                    + " implements for the other; the engine depends on it, never the reverse");

    static final ArchRule TOMCAT_SEES_THE_ENGINE_THROUGH_THE_BOUNDARY = noClasses()
            .that().resideInAPackage(TOMCAT)
            .should().dependOnClassesThat(resideInAPackage(OURS)
                    .and(not(resideInAnyPackage(TOMCAT, ENGINE_BINDING, ENGINE_CODEC))))
            .because("the Tomcat write path is a WebSocket channel like any other binding's");

    static final ArchRule UNDERTOW_SEES_THE_ENGINE_THROUGH_THE_BOUNDARY = noClasses()
            .that().resideInAPackage(UNDERTOW)
            .should().dependOnClassesThat(resideInAPackage(OURS)
                    .and(not(resideInAnyPackage(UNDERTOW, ENGINE_BINDING, ENGINE_CODEC))))
            .because("the Undertow write path is a WebSocket channel like any other binding's");

    static final ArchRule SERVLET_UPGRADE_USES_NO_JSR_356 = noClasses()
            .that().resideInAPackage(ROOT + ".container.upgrade..")
            .should().dependOnClassesThat().resideInAPackage("jakarta.websocket..")
            .because("the servlet-upgrade WebSocket exists so that no JSR-356 object is made"
                    + " per connection");

    static final ArchRule ONLY_THE_BINDER_TOUCHES_MICROMETER = noClasses()
            .that().doNotHaveFullyQualifiedName(ROOT + ".metrics.SocketIoMeterBinder")
            .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
            .because("Micrometer is an optional dependency: the server and its MBean run"
                    + " without it, only the binder an application creates loads it");

    static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching(ROOT + ".(**)")
            .should().beFreeOfCycles();

    @Test
    void theCodecsImportNothingElseOfOursAndNoJakartaTypes() {
        ENGINE_CODEC_IS_PURE.check(MAIN);
        PROTOCOL_IS_PURE.check(MAIN);
    }

    @Test
    void onlyTheMeterBinderTouchesMicrometer() {
        ONLY_THE_BINDER_TOUCHES_MICROMETER.check(MAIN);
    }

    @Test
    void engineKnowsNoSocketIo() {
        ENGINE_KNOWS_NO_SOCKET_IO.check(MAIN);
    }

    @Test
    void containerBindsOnlyEngineIo() {
        CONTAINER_KNOWS_NO_SOCKET_IO.check(MAIN);
    }

    @Test
    void serverKnowsNoContainer() {
        SERVER_KNOWS_NO_CONTAINER.check(MAIN);
    }

    @Test
    void adapterSeesOnlyItsSpiAndThePackets() {
        ADAPTER_SEES_ONLY_ITS_SPI.check(MAIN);
    }

    @Test
    void onlyTheJsonPackageTouchesJsonPAndJsonB() {
        ONLY_JSON_TOUCHES_JSON_APIS.check(MAIN);
    }

    @Test
    void onlyTheBindingsAndTheBootstrapTouchServletAndWebSocket() {
        ONLY_BINDINGS_TOUCH_THE_CONTAINER.check(MAIN);
    }

    @Test
    void theBoundarySeesOnlyTheCodec() {
        BINDING_SEES_ONLY_THE_CODEC.check(MAIN);
    }

    @Test
    void theTomcatWritePathSeesTheEngineOnlyThroughTheBoundary() {
        TOMCAT_SEES_THE_ENGINE_THROUGH_THE_BOUNDARY.check(MAIN);
    }

    @Test
    void theUndertowWritePathSeesTheEngineOnlyThroughTheBoundary() {
        UNDERTOW_SEES_THE_ENGINE_THROUGH_THE_BOUNDARY.check(MAIN);
    }

    @Test
    void theServletUpgradeUsesNoJsr356() {
        SERVLET_UPGRADE_USES_NO_JSR_356.check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void theRulesSeeTheClasses() {
        for (String pkg : new String[] {"engine", "engine.codec", "engine.binding", "container.tomcat",
                "container.undertow", "container.upgrade", "engine.codec.websocket", "protocol",
                "server", "adapter", "json", "container", "bootstrap"}) {
            assertThat(MAIN.containPackage(ROOT + "." + pkg)).as(pkg).isTrue();
        }
        assertThat(MAIN.get(ROOT + ".container.EngineBinding").getDirectDependenciesFromSelf())
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("jakarta.servlet"));
    }

    @Test
    void theRulesCanFail() {
        JavaClasses sample = new ClassFileImporter().importClasses(UsesTheServletApi.class);
        assertThat(ONLY_BINDINGS_TOUCH_THE_CONTAINER.evaluate(sample).hasViolation()).isTrue();
        JavaClasses bootstrap = new ClassFileImporter().importPackages(ROOT + ".bootstrap");
        assertThat(ONLY_BINDINGS_TOUCH_THE_CONTAINER.allowEmptyShould(true).evaluate(bootstrap)
                .hasViolation()).isFalse();
    }

    /** A class outside the bindings that uses a servlet type: the rule must see it. */
    private static final class UsesTheServletApi {
        @SuppressWarnings("unused")
        String path(ServletContext context) {
            return context.getContextPath();
        }
    }
}
