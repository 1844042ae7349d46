"""dx_py_test_runner: the Python side of dxpy (worker loop, test execution, fixtures, snapshots)."""

__version__ = "0.1.0"
