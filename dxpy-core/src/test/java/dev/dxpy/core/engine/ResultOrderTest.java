package dev.dxpy.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.Outcome;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.TestResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A run's results in collection order, whatever order they arrived in (DxEngine.sortInCollectionOrder). */
class ResultOrderTest {

    private static TestResult passed(TestId id) {
        return new TestResult(id, Outcome.PASSED, Duration.ZERO, "", "", "", "", false);
    }

    @Test
    void resultsFollowTheCollectionWithExpandedOnesAtTheirBaseTestsPlace() {
        CollectedTest plain = new CollectedTest(TestId.parse("tests/test_a.py::test_first"), 1, false);
        CollectedTest literal = new CollectedTest(TestId.parse("tests/test_a.py::test_lit[2]"), 3, false);
        CollectedTest expanding = new CollectedTest(TestId.parse("tests/test_a.py::TestC::test_rt"), 5, true);
        CollectedTest doctests = new CollectedTest(TestId.parse("tests/test_a.py::" + CollectedTest.DOCTESTS), 0, true);
        CollectedTest other = new CollectedTest(TestId.parse("tests/test_b.py::test_last"), 1, false);
        Collection c = new Collection(List.of(plain, literal, expanding, doctests, other), List.of(), 2, 0, Duration.ZERO);

        List<TestResult> expected = List.of(
                passed(plain.id()),
                passed(literal.id()),
                passed(TestId.parse("tests/test_a.py::TestC::test_rt[0]")),
                passed(TestId.parse("tests/test_a.py::TestC::test_rt[1]")),
                passed(TestId.parse("tests/test_a.py::test_a.helper")), // a doctest the worker found
                passed(TestId.parse("tests/test_b.py::test_last")), // an equal id, not the collected object
                passed(TestId.parse("tests/test_c.py::test_unknown"))); // of no collected test: last
        Random r = new Random(4);
        for (int round = 0; round < 20; round++) {
            List<TestResult> arrived = new ArrayList<>(expected);
            Collections.shuffle(arrived, r);
            // expanded results of one test keep their arrival order: make it the expected one here
            List<TestResult> rt = new ArrayList<>(expected.subList(2, 4));
            arrived.removeAll(rt);
            arrived.addAll(r.nextInt(arrived.size() + 1), rt);
            DxEngine.sortInCollectionOrder(arrived, c);
            assertThat(arrived).extracting(TestResult::nodeId)
                    .containsExactlyElementsOf(expected.stream().map(TestResult::nodeId).toList());
        }
    }
}
