"""The rewriter visits statement lists only; it must produce what a full NodeTransformer walk produces."""
import ast
import glob
import os

from dx_py_test_runner import rewrite

SOURCE = '''
"""doc"""
from __future__ import annotations
import pytest

assert 1 == 1

def test_a(x=lambda: 1):
    assert x() == 1, "message"
    for i in range(3):
        assert i < 3
    else:
        assert True
    while False:
        assert 0
    with open(__file__) as f:
        assert f
    try:
        assert 1
    except (ValueError, TypeError):
        assert 2
    else:
        assert 3
    finally:
        assert (1, 2)

class TestC:
    def test_b(self):
        if self:
            assert [1] == [1]
        elif None:
            assert {1: 2}
        async def inner():
            assert await inner()
        match 1:
            case 1:
                assert 1 in [1]
            case _:
                assert not 0
'''


def _full_walk(source):
    tree = ast.parse(source)
    rewriter = rewrite._AssertRewriter()
    rewriter.visit(tree)
    return tree


def _blocks_only(source):
    tree = ast.parse(source)
    rewrite._rewrite_blocks(rewrite._AssertRewriter(), tree)
    return tree


def test_statement_lists_only_walk_rewrites_every_assert_like_the_full_walk():
    full = ast.dump(_full_walk(SOURCE), include_attributes=True)
    assert ast.dump(_blocks_only(SOURCE), include_attributes=True) == full
    assert "Assert(" not in ast.dump(_blocks_only(SOURCE).body[-1]).replace("Assert(test=Tuple", "")


def test_same_result_as_the_full_walk_on_this_repositorys_tests():
    here = os.path.dirname(os.path.abspath(__file__))
    for path in glob.glob(os.path.join(here, "*.py")):
        with open(path, "rb") as f:
            source = f.read()
        assert ast.dump(_blocks_only(source), include_attributes=True) == \
            ast.dump(_full_walk(source), include_attributes=True), path


def test_a_module_without_asserts_compiles_to_working_code():
    code = rewrite.compile_rewritten(b"def f():\n    return 41 + 1\n", "<m>")
    ns = {}
    exec(code, ns)
    assert ns["f"]() == 42
