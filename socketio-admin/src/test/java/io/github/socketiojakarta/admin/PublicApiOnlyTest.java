package io.github.socketiojakarta.admin;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.Dependency.Predicates.dependencyTarget;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaModifier.PUBLIC;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
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
 * The Admin UI module sees {@code socketio-servlet} through its public API only: the public
 * types of {@code server}, {@code adapter}, {@code bootstrap} and of the {@code engine} package
 * itself (the sessions and transports {@code SocketIoServer.engine()} shows), never the codecs
 * ({@code protocol}, {@code engine.codec}), the container bindings or the JSON mapping.
 */
class PublicApiOnlyTest {
    private static final String ROOT = "io.github.socketiojakarta";

    private static final JavaClasses ADMIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT + ".admin");

    private static final DescribedPredicate<JavaClass> PUBLIC_API =
            resideInAnyPackage(ROOT + ".server..", ROOT + ".adapter..", ROOT + ".bootstrap..",
                    ROOT + ".engine").and(modifier(PUBLIC));

    static final ArchRule ONLY_THE_PUBLIC_API = classes()
            .that().resideInAPackage(ROOT + ".admin..")
            .should(onlyHaveDependenciesWhere(dependencyTarget(
                    not(resideInAPackage(ROOT + "..")).or(resideInAPackage(ROOT + ".admin.."))
                            .or(PUBLIC_API))))
            .because("new modules see socketio-servlet through its public API only");

    @Test
    void adminDependsOnlyOnThePublicApiOfTheLibrary() {
        ONLY_THE_PUBLIC_API.check(ADMIN);
    }

    @Test
    void theRuleSeesTheModuleAndCanFail() {
        assertThat(ADMIN.contain(AdminUi.class)).isTrue();
        assertThat(ADMIN.contain(PublicApiOnlyTest.class)).as("tests are not checked").isFalse();
        JavaClasses sample = new ClassFileImporter().importClasses(UsesTheCodec.class);
        assertThat(ONLY_THE_PUBLIC_API.evaluate(sample).hasViolation()).isTrue();
    }

    /** A class of the admin package that reaches into the codec: the rule must see it. */
    private static final class UsesTheCodec {
        @SuppressWarnings("unused")
        Set<String> reserved() {
            return SocketPacket.RESERVED_EVENTS;
        }
    }
}
