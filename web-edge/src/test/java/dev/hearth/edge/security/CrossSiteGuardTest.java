package dev.hearth.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrossSiteGuardTest {

    @Test
    void sameOriginComparesHostAndPortWithTheHostHeader() {
        assertThat(CrossSiteGuard.sameOrigin(null, "hearth.local:8080")).isTrue();
        assertThat(CrossSiteGuard.sameOrigin("http://hearth.local:8080", "hearth.local:8080")).isTrue();
        assertThat(CrossSiteGuard.sameOrigin("https://hearth.example", "hearth.example")).isTrue();
        assertThat(CrossSiteGuard.sameOrigin("https://hearth.example", "hearth.example:443")).isTrue();
        assertThat(CrossSiteGuard.sameOrigin("http://evil.example:8080", "hearth.local:8080")).isFalse();
        assertThat(CrossSiteGuard.sameOrigin("http://hearth.local:9090", "hearth.local:8080")).isFalse();
        assertThat(CrossSiteGuard.sameOrigin("null", "hearth.local:8080")).isFalse();
        assertThat(CrossSiteGuard.sameOrigin("http://hearth.local:8080", null)).isFalse();
    }
}
