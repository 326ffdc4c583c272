package io.github.socketiojakarta.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.socketiojakarta.engine.CallbackDispatch;
import org.junit.jupiter.api.Test;

/** The context parameter {@code socketio.dispatch}: its two values, any case; others refused. */
class DispatchParameterTest {

    @Test
    void readsBothValuesInAnyCaseAndLeavesTheDefaultWhenAbsent() {
        assertThat(ContextOptions.dispatch(null)).isNull();
        assertThat(ContextOptions.dispatch("pool")).isEqualTo(CallbackDispatch.POOL);
        assertThat(ContextOptions.dispatch("Reading-Thread-When-Idle"))
                .isEqualTo(CallbackDispatch.READING_THREAD_WHEN_IDLE);
    }

    @Test
    void refusesAnythingElseNamingTheParameter() {
        assertThatThrownBy(() -> ContextOptions.dispatch("inline"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("socketio.dispatch")
                .hasMessageContaining("inline");
    }
}
