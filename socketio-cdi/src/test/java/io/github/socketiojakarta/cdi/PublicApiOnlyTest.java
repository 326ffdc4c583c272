package io.github.socketiojakarta.cdi;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaModifier.PUBLIC;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.core.domain.Dependency.Predicates.dependencyTarget;
import static com.tngtech.archunit.lang.conditions.ArchConditions.onlyHaveDependenciesWhere;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.github.socketiojakarta.protocol.SocketPacket;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The CDI bridge is a thin module on top of the library: it sees {@code socketio-servlet} only
 * through its public API (the public types of {@code server}, {@code adapter}, {@code json} and
 * the {@code bootstrap} package), never the Engine.IO internals ({@code engine}), the container
 * bindings ({@code container}) or the codecs ({@code protocol}).
 */
class PublicApiOnlyTest {
    private static final String ROOT = "io.github.socketiojakarta";

    /** The bridge's main classes (its tests excluded). */
    private static final JavaClasses CDI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT + ".cdi");

    /** Types of the library the bridge may use: the public types of the public packages. */
    private static final DescribedPredicate<JavaClass> PUBLIC_API =
            resideInAnyPackage(ROOT + ".server..", ROOT + ".adapter..", ROOT + ".json..",
                    ROOT + ".bootstrap..").and(modifier(PUBLIC));

    static final ArchRule ONLY_THE_PUBLIC_API = classes()
            .that().resideInAPackage(ROOT + ".cdi..")
            .should(onlyHaveDependenciesWhere(dependencyTarget(
                    not(resideInAPackage(ROOT + "..")).or(resideInAPackage(ROOT + ".cdi.."))
                            .or(PUBLIC_API))))
            .because("new modules see socketio-servlet through its public API only");

    @Test
    void cdiDependsOnlyOnThePublicApiOfTheLibrary() {
        ONLY_THE_PUBLIC_API.check(CDI);
    }

    @Test
    void theRuleSeesTheBridgeAndCanFail() {
        assertThat(CDI.containPackage(ROOT + ".cdi")).isTrue();
        assertThat(CDI.contain(SocketIoExtension.class)).isTrue();
        assertThat(CDI.contain(PublicApiOnlyTest.class)).as("tests are not checked").isFalse();
        JavaClasses sample = new ClassFileImporter().importClasses(UsesTheCodec.class);
        assertThat(ONLY_THE_PUBLIC_API.evaluate(sample).hasViolation()).isTrue();
    }

    /** A class of the cdi package that reaches into the codec: the rule must see it. */
    private static final class UsesTheCodec {
        @SuppressWarnings("unused")
        Set<String> reserved() {
            return SocketPacket.RESERVED_EVENTS;
        }
    }
}
