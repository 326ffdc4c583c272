package io.github.socketiojakarta.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.socketiojakarta.testing.NodeScript;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The root README's "Scaling out" section shows {@code docs/nginx-sticky.conf} verbatim (the file
 * a later nginx test runs), and that template keeps what the section promises.
 */
class ScalingOutDocsTest {
    private static final Path ROOT = NodeScript.moduleDir().resolve("..").normalize();

    @Test
    void theReadmeIncludesTheNginxTemplateVerbatim() throws Exception {
        String conf = Files.readString(ROOT.resolve("docs/nginx-sticky.conf"));
        String readme = Files.readString(ROOT.resolve("README.md"));
        assertThat(readme).contains("```nginx\n" + conf + "```\n");
    }

    @Test
    void theTemplateIsStickyUpgradesWebSocketsAndWaitsLongerThanTheHeartbeat() throws Exception {
        String conf = Files.readString(ROOT.resolve("docs/nginx-sticky.conf"));
        assertThat(conf).contains("ip_hash;", "server ${NODE1};", "server ${NODE2};",
                "listen ${PORT};", "proxy_set_header Upgrade $http_upgrade;",
                "proxy_set_header Connection $connection_upgrade;", "proxy_http_version 1.1;");
        // 25 s + 20 s by default
        assertThat(conf).contains("proxy_read_timeout 60s;");
    }
}
