package dev.hearth.edge.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What a person is told about a body or frame the strict reader refuses: the field, and what is wrong with it. */
class StrictJsonTest {

    record Frame(String op, List<String> filters, Double value) {
    }

    private static final String EXAMPLE = "{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}";

    private static Frame read(String text) {
        try {
            return StrictJson.read("A frame", text, Frame.class, EXAMPLE);
        } catch (StrictJson.BadInput e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Test
    void namesTheFieldWhoseElementHasTheWrongType() {
        // Found by a new user: this was "A frame must be a JSON object", about a frame that is one.
        assertThatThrownBy(() -> read("{\"op\":\"subscribe\",\"filters\":[1]}")).hasMessageStartingWith("'filters' has the wrong type");
    }

    @Test
    void saysSoWhenAFieldComesTwice() {
        // Found by a new user: this was "A frame is not JSON".
        assertThatThrownBy(() -> read("{\"op\":\"subscribe\",\"op\":\"unsubscribe\"}")).hasMessageContaining("names a field twice")
                .hasMessageContaining("op");
    }

    @Test
    void stillTellsNotJsonAndWrongTypesApart() {
        assertThatThrownBy(() -> read("{op:")).hasMessageStartingWith("A frame is not JSON");
        assertThatThrownBy(() -> read("[1]")).hasMessageStartingWith("A frame must be a JSON object");
        assertThatThrownBy(() -> read("{\"value\":\"warm\"}")).hasMessageStartingWith("'value' has the wrong type");
        assertThat(read("{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}").filters()).containsExactly("sensors/+");
    }
}
