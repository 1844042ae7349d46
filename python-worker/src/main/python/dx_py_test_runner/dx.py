"""The small public API for tests written without pytest: `from dx_py_test_runner import dx`."""
from .fixtures import fixture
from .marks import mark, param
from .outcomes import fail, skip, xfail
from .snapshots import snapshot


def importorskip(modname, minversion=None, reason=None):
    import importlib
    try:
        mod = importlib.import_module(modname)
    except ImportError as exc:
        skip(reason or f"could not import {modname!r}: {exc}", allow_module_level=True)
    if minversion is not None:
        ver = getattr(mod, "__version__", None)
        if ver is None or ver < minversion:
            skip(f"module {modname!r} has __version__ {ver!r}, required is: {minversion!r}", allow_module_level=True)
    return mod


__all__ = ["fixture", "mark", "param", "skip", "fail", "xfail", "importorskip", "snapshot"]
