package dev.dxpy.core.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Number tokens as Python's str() prints them (parametrize ids). */
class PyLiteralsTest {

    @Test
    void integersSmallAndBeyondALong() {
        assertThat(PyLiterals.number("12", false)).isEqualTo("12");
        assertThat(PyLiterals.number("1_000", true)).isEqualTo("-1000");
        assertThat(PyLiterals.number("00", false)).isEqualTo("0");
        assertThat(PyLiterals.number("0", true)).isEqualTo("0");
        assertThat(PyLiterals.number("999999999999999999", true)).isEqualTo("-999999999999999999");
        assertThat(PyLiterals.number("9223372036854775808", false)).isEqualTo("9223372036854775808");
        assertThat(PyLiterals.number("123456789012345678901234567890", true))
                .isEqualTo("-123456789012345678901234567890");
    }

    @Test
    void otherBasesFloatsAndMalformedTokens() {
        assertThat(PyLiterals.number("0x1F", false)).isEqualTo("31");
        assertThat(PyLiterals.number("0b101", true)).isEqualTo("-5");
        assertThat(PyLiterals.number("1.5", false)).isEqualTo("1.5");
        assertThat(PyLiterals.number("1e3", false)).isEqualTo("1000.0");
        assertThat(PyLiterals.number("12abc", false)).isNull();
    }
}
