"""collect's shortcuts against what they stand for: dir() of a class, fixture layers of TestCase classes."""
import unittest

from dx_py_test_runner import collect, fixtures as fx


class _Mixin:
    def test_from_mixin(self):
        pass

    def run(self):  # hidden by TestCase.run where TestCase comes first in the bases
        pass


class _Meta(type):
    def __dir__(cls):
        return ["test_only_this", "zzz"]


def _classes():
    """Made in a function: pytest would collect TestCase subclasses at module level."""
    class CaseFirst(unittest.TestCase, _Mixin):
        def test_b(self):
            pass

        def test_a(self):
            pass

    class MixinFirst(_Mixin, unittest.TestCase):
        def test_c(self):
            pass

    class AsyncCase(unittest.IsolatedAsyncioTestCase):
        async def test_d(self):
            pass

    class Plain:
        test_attr = 1

        def test_e(self):
            pass

    class WithMeta(metaclass=_Meta):
        def test_only_this(self):
            pass
    return CaseFirst, MixinFirst, AsyncCase, Plain, WithMeta


def test_prefixed_dir_is_dir_filtered_by_the_prefix():
    for cls in (*_classes(), unittest.TestCase, object):
        for prefix in ("test", "", "run", "assert"):
            assert collect._prefixed_dir(cls, prefix) == [a for a in dir(cls) if a.startswith(prefix)], (cls, prefix)


def test_testcase_layers_are_those_of_the_whole_namespace():
    @fx.fixture(autouse=True)
    def run(self):  # a fixture named like a TestCase method
        yield

    @fx.fixture
    def other(self):
        return 1

    for bases in ((unittest.TestCase,), (_Mixin, unittest.TestCase), (unittest.TestCase, _Mixin),
                  (unittest.IsolatedAsyncioTestCase,)):
        cls = type("Made", bases, {"run": run, "other": other, "test_x": lambda self: None})
        fast = collect._class_layer("x", cls)
        slow = fx.layer_from_namespace("x", collect._class_namespace(cls), owner_cls=cls)
        assert [(n, d.func) for n, d in fast.defs.items()] == [(n, d.func) for n, d in slow.defs.items()]
        assert fast.autouse == slow.autouse == ["run"]
        assert list(fast.defs) == ["run", "other"]
