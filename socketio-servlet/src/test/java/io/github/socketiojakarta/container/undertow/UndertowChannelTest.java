package io.github.socketiojakarta.container.undertow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Which Undertow versions {@link UndertowChannel} batches on: Undertow 2, whose
 * {@code flushBatch} is its channel's non-blocking flush. The write path itself runs on a real
 * WildFly in the container tests ({@code WildFlyBatchesIT}).
 */
class UndertowChannelTest {
    @Test
    void batchesOnlyOnUndertow2() {
        assertThat(UndertowChannel.supported("2.3.20.Final")).isTrue();
        assertThat(UndertowChannel.supported("2.2.37.Final")).isTrue();
        assertThat(UndertowChannel.supported("3.0.0.Alpha1")).isFalse();
        assertThat(UndertowChannel.supported("12.0")).isFalse();
        assertThat(UndertowChannel.supported(null)).isFalse();
    }
}
