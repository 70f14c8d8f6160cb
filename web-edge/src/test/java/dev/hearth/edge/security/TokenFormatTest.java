package dev.hearth.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenFormatTest {

    @Test
    void anIssuedTokenParsesBackToItsIdAndSecret() {
        for (int i = 0; i < 200; i++) {
            TokenFormat.Issued issued = TokenFormat.issue();
            TokenFormat.Presented presented = TokenFormat.parse(issued.token()).orElseThrow();
            assertThat(presented.id()).isEqualTo(issued.id());
            assertThat(presented.secret()).isEqualTo(issued.secret());
        }
        assertThat(TokenFormat.issue().token()).isNotEqualTo(TokenFormat.issue().token());
    }

    @Test
    void refusesWhatIsNotAHearthToken() {
        assertThat(TokenFormat.parse(null)).isEmpty();
        assertThat(TokenFormat.parse("")).isEmpty();
        assertThat(TokenFormat.parse("hth_0123456789ab_short")).isEmpty();
        assertThat(TokenFormat.parse("xyz_0123456789ab_" + "A".repeat(43))).isEmpty();
        assertThat(TokenFormat.parse("hth_0123456789AB_" + "A".repeat(43))).isEmpty();
    }
}
