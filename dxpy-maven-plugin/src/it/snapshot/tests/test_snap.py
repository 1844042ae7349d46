import os

import dx_py_test_runner as dx  # the engine puts the worker package on sys.path


def test_render():
    dx.snapshot().assert_match({"name": "dxpy", "answer": int(os.environ["SNAP_ANSWER"])})
