package dev.dxpy.core.discovery;

import static dev.dxpy.core.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.UsageException;
import dev.dxpy.core.config.ProjectConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscovererTest {
    @TempDir
    Path root;
    final List<String> warnings = new ArrayList<>();


    private DiscoveryResult discover(String... args) throws Exception {
        if (!Files.exists(root.resolve("pytest.ini"))) {
            write(root, "pytest.ini", "[pytest]\n");
        }
        return new Discoverer().discover(ProjectConfig.load(root, List.of(args)), List.of(args), root, null,
                warnings::add);
    }

    private List<String> ids(String... args) throws Exception {
        return discover(args).collection().tests().stream().map(CollectedTest::nodeId).toList();
    }

    @Test
    void functionsClassesAndOrder() throws Exception {
        write(root, "test_a.py", "import pytest\nasync def test_async(): pass\n@pytest.mark.slow\ndef test_marked(): pass\n"
                + "@pytest.mark.skip\ndef helper(): pass\n@pytest.fixture\ndef test_fix(): pass\n"
                + "class TestA:\n    def test_m(self): pass\n    def helper(self): pass\n"
                + "    class TestInner:\n        def test_in(self): pass\n"
                + "class TestInit:\n    def __init__(self): pass\n    def test_no(self): pass\n"
                + "class NotATest:\n    def test_x(self): pass\ndef test_dup(): pass\ndef test_z(): pass\ndef test_dup(): pass\n");
        assertThat(ids()).containsExactly("test_a.py::test_async", "test_a.py::test_marked", "test_a.py::TestA::test_m",
                "test_a.py::TestA::TestInner::test_in", "test_a.py::test_dup", "test_a.py::test_z");
        assertThat(warnings).singleElement().asString().contains("cannot collect test class 'TestInit'");
    }

    @Test
    void aStringEscapeJavaCannotDecodeLeavesTheParametersToTheWorker() throws Exception {
        // Python knows \\N{FORM FEED} (a name alias), Java's Character.codePointOf does not: seen in jinja's suite,
        // where it ended discovery with an internal error
        write(root, "test_esc.py", """
                import pytest

                @pytest.mark.parametrize("s", ["\\N{FORM FEED}", "a"])
                def test_alias(s):
                    pass

                @pytest.mark.parametrize("s", ["\\N{SNOWMAN}", "\\x41"])
                def test_known(s):
                    pass

                def test_after():
                    pass
                """);
        List<CollectedTest> tests = discover().collection().tests();
        assertThat(tests).extracting(CollectedTest::nodeId).containsExactly("test_esc.py::test_alias",
                "test_esc.py::test_known[\\u2603]", "test_esc.py::test_known[A]", "test_esc.py::test_after");
        assertThat(tests.get(0).runtimeParametrized()).isTrue();
        assertThat(tests.get(1).runtimeParametrized()).isFalse();
    }

    @Test
    void aTestDecoratedByAProjectHelperThatParametrizesIsExpandedAtRunTime() throws Exception {
        // jinja's tests/test_async_filters.py: @mark_dualiter("items", factory) applies pytest.mark.parametrize;
        // static discovery listed test_sum, pytest collects test_sum[<lambda>0] and test_sum[<lambda>1]
        write(root, "helpers.py", """
                import pytest

                def both(name):
                    return pytest.mark.parametrize(name, [1, 2])

                def plain(f):
                    return f
                """);
        write(root, "test_deco.py", """
                import functools
                import pytest
                from helpers import both, plain

                def local_dual(name):
                    def decorator(f):
                        return pytest.mark.parametrize(name, [lambda: 1, lambda: 2])(f)
                    return decorator

                @local_dual("x")
                def test_local(x):
                    pass

                @both("y")
                def test_imported(y):
                    pass

                @plain
                def test_plain_wrapper():
                    pass

                @functools.lru_cache
                def test_third_party():
                    pass
                """);
        List<CollectedTest> tests = discover().collection().tests();
        assertThat(tests).extracting(CollectedTest::nodeId).containsExactly("test_deco.py::test_local",
                "test_deco.py::test_imported", "test_deco.py::test_plain_wrapper", "test_deco.py::test_third_party");
        assertThat(tests).extracting(CollectedTest::runtimeParametrized).containsExactly(true, true, false, false);
    }

    @Test
    void walkOrderMatchesPytest() throws Exception {
        for (String f : List.of("test_top.py", "tests/Asub/test_d.py", "tests/sub/test_c.py", "tests/test_Z.py",
                "tests/test_a.py", "zz/test_e.py", "build/test_no.py", ".hidden/test_no.py", "tests/helper.py",
                "venv2/test_no.py")) {
            write(root, f, "def test_1(): pass\n");
        }
        write(root, "venv2/pyvenv.cfg", "");
        assertThat(ids()).containsExactly("test_top.py::test_1", "tests/Asub/test_d.py::test_1",
                "tests/sub/test_c.py::test_1", "tests/test_Z.py::test_1", "tests/test_a.py::test_1", "zz/test_e.py::test_1");
    }

    @Test
    void explicitFileIsCollectedEvenIfNotMatchingPythonFiles() throws Exception {
        write(root, "check.py", "def test_1(): pass\n");
        assertThat(ids("check.py")).containsExactly("check.py::test_1");
    }

    @Test
    void parametrizeIds() throws Exception {
        write(root, "test_p.py", "import pytest\nVALUES = [1, 2]\n"
                + "@pytest.mark.parametrize('a', [1, 1, '1', 2])\ndef test_dup(a): pass\n"
                + "@pytest.mark.parametrize('x', [1, 2])\n@pytest.mark.parametrize('y', ['a', 'b'])\ndef test_stack(x, y): pass\n"
                + "@pytest.mark.parametrize('x', ['\u00e9', 'a\\nb', 'a\\\\b', b'\\xc3', (1, 2), None, True, 1.5, -3, 1e100, 0x10, '', 2j])\n"
                + "def test_vals(x): pass\n"
                + "@pytest.mark.parametrize('x', [1, 2], ids=['a', None])\ndef test_ids(x): pass\n"
                + "@pytest.mark.parametrize('x', [pytest.param(1, id='p'), pytest.param(2, marks=pytest.mark.skip)])\n"
                + "def test_param(x): pass\n"
                + "@pytest.mark.parametrize(('a', 'b'), [(1, 2), [3, 4]])\ndef test_names(a, b): pass\n"
                + "@pytest.mark.parametrize('x', ['a', 'a', 'a0'])\ndef test_dup2(x): pass\n"
                + "@pytest.mark.parametrize('x', [])\ndef test_empty(x): pass\n"
                + "@pytest.mark.parametrize('x', VALUES)\ndef test_const(x): pass\n"
                + "@pytest.mark.parametrize('x', [int, lambda: 1])\ndef test_named(x): pass\n"
                + "@pytest.mark.parametrize('x', load())\ndef test_runtime(x): pass\n"
                + "@pytest.mark.parametrize('x', [1])\nclass TestP:\n    @pytest.mark.parametrize('y', [2])\n    def test_m(self, x, y): pass\n");
        DiscoveryResult r = discover();
        assertThat(r.collection().tests().stream().map(CollectedTest::nodeId).map(s -> s.substring("test_p.py::".length())))
                .containsExactly("test_dup[1_0]", "test_dup[1_1]", "test_dup[1_2]", "test_dup[2]",
                        "test_stack[a-1]", "test_stack[a-2]", "test_stack[b-1]", "test_stack[b-2]",
                        "test_vals[\\xe9]", "test_vals[a\\nb]", "test_vals[a\\\\b]", "test_vals[\\xc3]", "test_vals[x4]",
                        "test_vals[None]", "test_vals[True]", "test_vals[1.5]", "test_vals[-3]", "test_vals[1e+100]",
                        "test_vals[16]", "test_vals[]", "test_vals[2j]",
                        "test_ids[a]", "test_ids[2]", "test_param[p]", "test_param[2]", "test_names[1-2]", "test_names[3-4]",
                        "test_dup2[a1]", "test_dup2[a2]", "test_dup2[a0]", "test_empty[NOTSET]", "test_const[1]",
                        "test_const[2]", "test_named[int]", "test_named[<lambda>]", "test_runtime", "TestP::test_m[2-1]");
        assertThat(r.collection().tests()).filteredOn(CollectedTest::runtimeParametrized).extracting(CollectedTest::nodeId)
                .containsExactly("test_p.py::test_runtime");
    }

    @Test
    void fixtureParamsFromConftestAndModule() throws Exception {
        write(root, "tests/conftest.py", "import pytest\n@pytest.fixture(params=['c1', 'c2'])\ndef cf(request): return request.param\n"
                + "@pytest.fixture(params=[7], scope='module')\ndef mf(request): return request.param\n"
                + "@pytest.fixture\ndef uses_cf(cf): return cf\n@pytest.fixture(params=[1, 2])\ndef over(request): pass\n");
        write(root, "tests/sub/conftest.py", "import pytest\n@pytest.fixture\ndef over(): pass\n");
        write(root, "tests/test_f.py", "import pytest\n@pytest.fixture(params=[10, 20], ids=['ten', 'twenty'])\n"
                + "def fp(request): return request.param\n@pytest.mark.parametrize('x', [1, 2])\ndef test_mix(x, fp): pass\n"
                + "def test_trans(uses_cf, fp): pass\ndef test_scope(fp, mf, cf): pass\ndef test_over(over): pass\n"
                + "@pytest.mark.parametrize('fp', [5])\ndef test_direct(fp): pass\n");
        write(root, "tests/sub/test_s.py", "def test_over(over): pass\n");
        assertThat(ids()).containsExactly("tests/sub/test_s.py::test_over", "tests/test_f.py::test_mix[ten-1]", "tests/test_f.py::test_mix[ten-2]",
                "tests/test_f.py::test_mix[twenty-1]", "tests/test_f.py::test_mix[twenty-2]",
                "tests/test_f.py::test_trans[ten-c1]", "tests/test_f.py::test_trans[ten-c2]",
                "tests/test_f.py::test_trans[twenty-c1]", "tests/test_f.py::test_trans[twenty-c2]",
                "tests/test_f.py::test_scope[7-ten-c1]", "tests/test_f.py::test_scope[7-ten-c2]",
                "tests/test_f.py::test_scope[7-twenty-c1]", "tests/test_f.py::test_scope[7-twenty-c2]",
                "tests/test_f.py::test_over[1]", "tests/test_f.py::test_over[2]", "tests/test_f.py::test_direct[5]");
    }

    @Test
    void inheritanceAndUnittest() throws Exception {
        write(root, "helpers/base.py", "class Base:\n    def test_inherited(self): pass\n");
        write(root, "tests/test_i.py", "import unittest\nfrom helpers.base import Base\n"
                + "class Local:\n    def test_local(self): pass\n"
                + "class TestSub(Base, Local):\n    def test_own(self): pass\n"
                + "class MyCase(unittest.TestCase):\n    def test_z(self): pass\n    def test_a(self): pass\n    def check(self): pass\n"
                + "class Derived(MyCase):\n    def test_m(self): pass\n");
        assertThat(ids()).containsExactly("tests/test_i.py::TestSub::test_local", "tests/test_i.py::TestSub::test_inherited",
                "tests/test_i.py::TestSub::test_own", "tests/test_i.py::MyCase::test_a", "tests/test_i.py::MyCase::test_z",
                "tests/test_i.py::Derived::test_a", "tests/test_i.py::Derived::test_m", "tests/test_i.py::Derived::test_z");
    }

    @Test
    void syntaxErrorIsReportedAndOtherFilesCollected() throws Exception {
        write(root, "test_bad.py", "def test_ok(): pass\n\ndef test_bad(:\n    pass\n");
        write(root, "test_latin.py", "x = '\u00e9'\n");
        Files.write(root.resolve("test_latin.py"), new byte[] {'x', '=', '\'', (byte) 0xe9, '\'', '\n'});
        write(root, "test_good.py", "def test_ok(): pass\n");
        DiscoveryResult r = discover();
        assertThat(r.collection().tests()).extracting(CollectedTest::nodeId).containsExactly("test_good.py::test_ok");
        assertThat(r.collection().errors()).extracting(e -> e.file() + ":" + e.line())
                .containsExactly("test_bad.py:3", "test_latin.py:0");
        assertThat(r.collection().errors().get(0).message()).startsWith("SyntaxError");
    }

    @Test
    void nodeIdSelection() throws Exception {
        write(root, "test_s.py", "import pytest\nclass TestA:\n    def test_x(self): pass\n    def test_y(self): pass\n"
                + "@pytest.mark.parametrize('p', [1, 2])\ndef test_p(p): pass\n");
        assertThat(ids("test_s.py::TestA")).containsExactly("test_s.py::TestA::test_x", "test_s.py::TestA::test_y");
        assertThat(ids("test_s.py::TestA::test_y")).containsExactly("test_s.py::TestA::test_y");
        assertThat(ids("test_s.py::test_p")).containsExactly("test_s.py::test_p[1]", "test_s.py::test_p[2]");
        assertThat(ids("test_s.py::test_p[2]")).containsExactly("test_s.py::test_p[2]");
        assertThatThrownBy(() -> ids("test_s.py::test_nope")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ids("missing.py")).isInstanceOf(UsageException.class);
    }

    @Test
    void importsAreResolvedToAbsoluteNames() throws Exception {
        write(root, "pkg/__init__.py", "");
        write(root, "pkg/tests/__init__.py", "");
        write(root, "pkg/tests/test_m.py", "import os.path\nfrom . import helper\nfrom ..core import thing\nfrom pkg.m import f\n"
                + "def test_1(): pass\n");
        DiscoveryResult r = discover();
        assertThat(r.imports().get("pkg/tests/test_m.py")).containsExactly("os.path", "pkg.tests", "pkg.tests.helper",
                "pkg.core", "pkg.core.thing", "pkg.m", "pkg.m.f");
    }

    @Test
    void marksOfEachTestIncludeClassModuleAndParameterSetMarks() throws Exception {
        write(root, "test_m.py", "import pytest\npytestmark = pytest.mark.modmark\n@pytest.mark.slow\ndef test_slow(): pass\n"
                + "@pytest.mark.parametrize('x', [1, pytest.param(2, marks=[pytest.mark.net, pytest.mark.skip])])\n"
                + "def test_p(x): pass\n"
                + "@pytest.mark.usefixtures('f')\nclass TestC:\n    pytestmark = [pytest.mark.cls]\n    def test_in(self): pass\n");
        java.util.Map<String, java.util.Set<String>> marks = new java.util.LinkedHashMap<>();
        discover().collection().tests().forEach(t -> marks.put(t.nodeId(), t.marks()));
        assertThat(marks).containsOnlyKeys("test_m.py::test_slow", "test_m.py::test_p[1]", "test_m.py::test_p[2]",
                "test_m.py::TestC::test_in");
        assertThat(marks.get("test_m.py::test_slow")).containsExactlyInAnyOrder("slow", "modmark");
        assertThat(marks.get("test_m.py::test_p[1]")).containsExactlyInAnyOrder("parametrize", "modmark");
        assertThat(marks.get("test_m.py::test_p[2]")).containsExactlyInAnyOrder("parametrize", "modmark", "net", "skip");
        assertThat(marks.get("test_m.py::TestC::test_in")).containsExactlyInAnyOrder("cls", "usefixtures", "modmark");
    }

    @Test
    void doctestModulesGiveOnePlaceholderPerFileWithExamplesAndIgnoreIsHonoured() throws Exception {
        write(root, "pytest.ini", "[pytest]\naddopts = --doctest-modules --doctest-glob=*.rst --ignore=pkg/skip.py\n");
        write(root, "pkg/__init__.py", "");
        write(root, "pkg/mod.py", "def f():\n    \"\"\"\n    >>> f()\n    1\n    \"\"\"\n    return 1\n");
        write(root, "pkg/plain.py", "X = 1\n");
        write(root, "pkg/skip.py", "def g():\n    \"\"\">>> 1\"\"\"\n");
        write(root, "pkg/test_t.py", "def test_a():\n    \"\"\">>> 1\n    1\"\"\"\n");
        write(root, "docs/guide.rst", ">>> 1 + 1\n2\n");
        assertThat(ids()).containsExactly("docs/guide.rst::<doctests>", "pkg/mod.py::<doctests>",
                "pkg/test_t.py::test_a", "pkg/test_t.py::<doctests>");
        assertThat(discover().collection().tests()).filteredOn(CollectedTest::isDoctests).hasSize(3);
    }

    @Test
    void aDecoratorThatMayChangeTheSignatureMakesParametrizedIdsRunTime() throws Exception {
        write(root, "conftest.py", "import pytest\n@pytest.fixture(params=[True, False])\ndef slots(request):\n"
                + "    return request.param\n");
        write(root, "test_g.py", "from hypothesis import given\nfrom hypothesis.strategies import booleans\n"
                + "@given(booleans())\ndef test_g(slots): pass\ndef test_plain(slots): pass\n");
        List<CollectedTest> tests = discover().collection().tests();
        assertThat(tests).extracting(CollectedTest::nodeId).containsExactly("test_g.py::test_g",
                "test_g.py::test_plain[True]", "test_g.py::test_plain[False]");
        assertThat(tests.get(0).runtimeParametrized()).isTrue();
    }
}
