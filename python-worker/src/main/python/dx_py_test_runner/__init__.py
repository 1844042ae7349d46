"""dx_py_test_runner: the Python side of dxpy (worker loop, test execution, fixtures, snapshots).

`import dx_py_test_runner as dx` gives the test-writing API (dx.fixture(cache=True), dx.snapshot(),
dx.mark, dx.skip, ...) and the engine-driving API (dx.discover(), dx.run(); see site/python-api.md)."""

__version__ = "0.1.0"

from .dx import fail, fixture, importorskip, mark, param, skip, snapshot, xfail  # noqa: E402


def __getattr__(name):  # the engine-driving API is imported on first use: workers never need it
    if name in ("discover", "run", "RunResult", "TestOutcome", "EngineNotFoundError"):
        from . import api
        return getattr(api, name)
    raise AttributeError(f"module 'dx_py_test_runner' has no attribute {name!r}")
