package dev.hearth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void acceptsExactlyWhatItsPatternDescribes() {
        Pattern pattern = Pattern.compile(Ids.PATTERN);
        String alphabet = "az09-_A.é ";
        Random random = new Random(3);
        int valid = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder id = new StringBuilder();
            for (int n = random.nextInt(70); n > 0; n--) {
                // Mostly id characters, so that long valid ids come up too.
                id.append(random.nextInt(10) < 9 ? "abcxyz0189-".charAt(random.nextInt(11)) : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            boolean expected = pattern.matcher(id).matches();
            assertThat(Ids.isValid(id.toString())).as("'%s'", id).isEqualTo(expected);
            valid += expected ? 1 : 0;
        }
        assertThat(valid).as("valid cases").isBetween(1_000, 49_000);
        assertThat(Ids.isValid(null)).isFalse();
        assertThat(Ids.isValid("a".repeat(64))).isTrue();
        assertThat(Ids.isValid("a".repeat(65))).isFalse();
        assertThat(Ids.isValid("-a")).isFalse();
        assertThat(Ids.isValid("a-")).isTrue();
    }
}
