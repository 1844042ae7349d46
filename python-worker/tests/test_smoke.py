import importlib


def test_generated_protocol_imports_with_vendored_runtime():
    mod = importlib.import_module("dx_py_test_runner._fb.TestResult")
    assert hasattr(mod, "TestResultStart")
