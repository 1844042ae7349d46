package dev.dxpy.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dxpy.core.api.UsageException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MarkExpressionTest {

    @Test
    void markerNamesMatchExactly() {
        assertThat(MarkExpression.parse("slow").matches(Set.of("slow", "db"))).isTrue();
        assertThat(MarkExpression.parse("slo").matches(Set.of("slow"))).isFalse();
        assertThat(MarkExpression.parse("Slow").matches(Set.of("slow"))).isFalse();
    }

    @Test
    void booleanGrammarIsTheKeywordOne() {
        assertThat(MarkExpression.parse("slow and not db").matches(Set.of("slow"))).isTrue();
        assertThat(MarkExpression.parse("slow and not db").matches(Set.of("slow", "db"))).isFalse();
        assertThat(MarkExpression.parse("not (slow or db)").matches(Set.of())).isTrue();
        assertThat(MarkExpression.parse("").matches(Set.of())).isTrue();
    }

    @Test
    void errorsNameTheMarkOption() {
        assertThatThrownBy(() -> MarkExpression.parse("slow or"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Wrong expression passed to '-m': slow or: at column 8");
    }
}
