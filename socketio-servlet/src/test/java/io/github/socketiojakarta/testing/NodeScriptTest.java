package io.github.socketiojakarta.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Self-check of the Node.js harness: node runs, results are parsed, timeouts are enforced. */
class NodeScriptTest {

  @Test
  void runsTrivialScriptAndParsesItsResult() {
    NodeScript.JsonResult result =
        NodeScript.run("selfcheck.mjs", "{\"echo\":\"h\u00e9llo \u20ac \ud83d\ude00\"}", Duration.ofSeconds(30));

    result.assertOk();
    assertThat(result.exitCode()).isZero();
    assertThat(result.string("node")).startsWith("v");
    // non-ASCII arguments survive the trip through the command line
    assertThat(result.string("echo")).isEqualTo("h\u00e9llo \u20ac \ud83d\ude00");
  }

  @Test
  void reportsScriptFailureAsResult() {
    NodeScript.JsonResult result = NodeScript.run("selfcheck.mjs", "[not json", Duration.ofSeconds(30));

    assertThat(result.ok()).isFalse();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.error()).startsWith("bad arguments");
    assertThatThrownBy(result::assertOk).isInstanceOf(AssertionError.class).hasMessageContaining("bad arguments");
  }

  @Test
  void killsScriptThatExceedsItsTimeout() {
    long start = System.nanoTime();

    assertThatThrownBy(() -> NodeScript.run("hang.mjs", "{}", Duration.ofSeconds(2)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("hang.mjs did not finish within 2000 ms and was killed")
        // stderr of the script is part of the message
        .hasMessageContaining("hang.mjs: started, will never finish");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }

  @Test
  void rejectsUnknownScript() {
    assertThatThrownBy(() -> NodeScript.run("no-such-script.mjs", "{}", Duration.ofSeconds(5)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no such node script");
  }
}
