package io.github.socketiojakarta.container.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Tomcat's internals are used only on the versions {@link TomcatRemote} was written for (10.1
 * and 11.0); any other version, or none, takes the plain JSR-356 path.
 */
class TomcatVersionTest {

    @Test
    void theVersionsTheReflectionWasWrittenForAreAccepted() {
        assertThat(TomcatRemote.supported("11.0.15.0")).isTrue();
        assertThat(TomcatRemote.supported("11.0")).isTrue();
        assertThat(TomcatRemote.supported("10.1.34.0")).isTrue();
    }

    @Test
    void otherVersionsOrNoneFallBackToPlainJsr356() {
        assertThat(TomcatRemote.supported(null)).isFalse();
        assertThat(TomcatRemote.supported("")).isFalse();
        assertThat(TomcatRemote.supported("10.0.27.0")).isFalse();
        assertThat(TomcatRemote.supported("9.0.98.0")).isFalse();
        assertThat(TomcatRemote.supported("11.1.0.0")).isFalse();
        assertThat(TomcatRemote.supported("12.0.0.0")).isFalse();
        assertThat(TomcatRemote.supported("11.01.0")).isFalse();
    }
}
