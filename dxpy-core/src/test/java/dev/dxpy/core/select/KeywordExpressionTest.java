package dev.dxpy.core.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.UsageException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeywordExpressionTest {

    private static final TestId PARAM = TestId.parse("tests/unit/test_a.py::TestC::test_b[1-a]");
    private static final TestId PLAIN = TestId.parse("tests/test_other.py::test_plain");

    private static boolean k(String expr, TestId id, String... extra) {
        return KeywordExpression.parse(expr).matches(id, Set.of(extra));
    }

    @Test
    void matchesSubstringsOfTheTestAndItsParentsCaseInsensitively() {
        assertThat(k("test_b", PARAM)).isTrue();
        assertThat(k("TESTC", PARAM)).isTrue();
        assertThat(k("1-a", PARAM)).isTrue();
        assertThat(k("test_b[1-a]", PARAM)).isTrue();
        assertThat(k("test_a.py", PARAM)).isTrue();
        assertThat(k("unit", PARAM)).isTrue();
        assertThat(k("tests", PLAIN)).isTrue();
        assertThat(k("nothing", PARAM)).isFalse();
        assertThat(k("test_a.py::TestC", PARAM)).as("a node id is not one name").isFalse();
    }

    @Test
    void extraNamesSuchAsMarkersMatchToo() {
        assertThat(k("slow", PLAIN, "slow")).isTrue();
        assertThat(k("slow", PLAIN)).isFalse();
    }

    @Test
    void booleanOperatorsAndParenthesesFollowPrecedence() {
        assertThat(k("test_b and not 2-b", PARAM)).isTrue();
        assertThat(k("not test_b", PARAM)).isFalse();
        assertThat(k("nothing or plain", PLAIN)).isTrue();
        assertThat(k("nothing or plain and nope", PLAIN)).as("and binds tighter").isFalse();
        assertThat(k("(nothing or plain) and not nope", PLAIN)).isTrue();
        assertThat(k("not not plain", PLAIN)).isTrue();
    }

    @Test
    void emptyExpressionSelectsEverything() {
        assertThat(k("", PLAIN)).isTrue();
        assertThat(k("   ", PARAM)).isTrue();
        assertThat(KeywordExpression.parse(null).matches(PLAIN, Set.of())).isTrue();
    }

    @Test
    void syntaxErrorsNameTheExpressionAndColumn() {
        assertThatThrownBy(() -> KeywordExpression.parse("a and"))
                .isInstanceOf(UsageException.class)
                .hasMessage("Wrong expression passed to '-k': a and: at column 6: "
                        + "expected not OR left parenthesis OR identifier; got end of input");
        assertThatThrownBy(() -> KeywordExpression.parse("(a or b"))
                .hasMessageContaining("at column 8: expected right parenthesis; got end of input");
        assertThatThrownBy(() -> KeywordExpression.parse("a b"))
                .hasMessageContaining("at column 3: expected end of input; got identifier");
        assertThatThrownBy(() -> KeywordExpression.parse("a = 1"))
                .hasMessageContaining("at column 3: unexpected character \"=\"");
        assertThatThrownBy(() -> KeywordExpression.parse("a(x=1)"))
                .hasMessageContaining("column 2").hasMessageContaining("not supported");
    }
}
