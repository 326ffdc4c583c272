package io.github.socketiojakarta.redis;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.github.socketiojakarta.admin.AdminOptions;
import io.github.socketiojakarta.admin.SessionStore;
import io.github.socketiojakarta.admin.SessionStoreProvider;
import org.junit.jupiter.api.Test;

/**
 * socketio-admin is a {@code provided} dependency of this module: only the Admin UI's Redis
 * session store ({@link RedisSessionStore}, {@link RedisSessionStoreProvider}) may touch it, so
 * that the adapters load without socketio-admin on the class path; and only its public SPI.
 */
class AdminStoreLayeringTest {
    private static final String ROOT = "io.github.socketiojakarta";

    private static final JavaClasses REDIS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT + ".redis");

    static final ArchRule ONLY_THE_STORE = noClasses()
            .that().resideInAPackage(ROOT + ".redis..")
            .and().doNotHaveSimpleName("RedisSessionStore")
            .and().doNotHaveSimpleName("RedisSessionStoreProvider")
            .should().dependOnClassesThat(resideInAPackage(ROOT + ".admin.."))
            .because("socketio-admin is optional for the adapters");

    static final ArchRule ONLY_THE_SPI = noClasses()
            .that().resideInAPackage(ROOT + ".redis..")
            .should().dependOnClassesThat(resideInAPackage(ROOT + ".admin..")
                    .and(not(belongToAnyOf(SessionStore.class, SessionStoreProvider.class))))
            .because("the store implements the SPI and knows nothing else of the Admin UI");

    @Test
    void onlyTheSessionStoreTouchesTheAdminModuleAndOnlyItsSpi() {
        ONLY_THE_STORE.check(REDIS);
        ONLY_THE_SPI.check(REDIS);
    }

    @Test
    void theRulesSeeTheModuleAndCanFail() {
        assertThat(REDIS.contain(RedisSessionStore.class)).isTrue();
        assertThat(REDIS.contain(AdminStoreLayeringTest.class)).isFalse();
        JavaClasses sample = new ClassFileImporter().importClasses(UsesAdmin.class);
        assertThat(ONLY_THE_STORE.evaluate(sample).hasViolation()).isTrue();
        assertThat(ONLY_THE_SPI.evaluate(sample).hasViolation()).isTrue();
    }

    /** A class of this package that reaches into the Admin UI's options: the rules see it. */
    private static final class UsesAdmin {
        @SuppressWarnings("unused")
        AdminOptions.Mode mode() {
            return AdminOptions.Mode.PRODUCTION;
        }
    }
}
