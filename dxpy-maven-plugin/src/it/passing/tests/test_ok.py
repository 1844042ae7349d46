import pytest


def test_addition():
    assert 1 + 1 == 2


def test_join():
    assert "-".join(["dx", "py"]) == "dx-py"


def test_sorted():
    assert sorted([3, 1, 2]) == [1, 2, 3]


@pytest.mark.skip(reason="shows a skip in the report")
def test_skipped():
    raise AssertionError("a skipped test must not run")
