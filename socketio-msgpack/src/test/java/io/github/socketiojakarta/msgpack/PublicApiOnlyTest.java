package io.github.socketiojakarta.msgpack;

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
import io.github.socketiojakarta.server.SocketIoServer;
import org.junit.jupiter.api.Test;

/**
 * The msgpack module sees {@code socketio-servlet} through the parser SPI only: the public
 * types of the {@code protocol} package (the SPI, the packets it carries, the limits, the typed
 * error, and the JSON reader the argument mapper's output goes through), never the server, the
 * engine, the container bindings or the JSON-B mapping.
 */
class PublicApiOnlyTest {
    private static final String ROOT = "io.github.socketiojakarta";

    private static final JavaClasses MSGPACK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT + ".msgpack");

    private static final DescribedPredicate<JavaClass> PARSER_SPI =
            resideInAnyPackage(ROOT + ".protocol").and(modifier(PUBLIC));

    static final ArchRule ONLY_THE_PARSER_SPI = classes()
            .that().resideInAPackage(ROOT + ".msgpack..")
            .should(onlyHaveDependenciesWhere(dependencyTarget(
                    not(resideInAPackage(ROOT + "..")).or(resideInAPackage(ROOT + ".msgpack.."))
                            .or(PARSER_SPI))))
            .because("new modules see socketio-servlet through its public API / SPI only");

    @Test
    void msgpackDependsOnlyOnTheParserSpi() {
        ONLY_THE_PARSER_SPI.check(MSGPACK);
    }

    @Test
    void theRuleSeesTheModuleAndCanFail() {
        assertThat(MSGPACK.contain(MsgpackParser.class)).isTrue();
        assertThat(MSGPACK.contain(PublicApiOnlyTest.class)).as("tests are not checked").isFalse();
        JavaClasses sample = new ClassFileImporter().importClasses(UsesTheServer.class);
        assertThat(ONLY_THE_PARSER_SPI.evaluate(sample).hasViolation()).isTrue();
    }

    /** A class of the msgpack package that reaches into the server: the rule must see it. */
    private static final class UsesTheServer {
        @SuppressWarnings("unused")
        SocketIoServer server() {
            return SocketIoServer.create();
        }
    }
}
