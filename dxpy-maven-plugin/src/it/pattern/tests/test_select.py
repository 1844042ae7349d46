def test_alpha_one():
    assert "alpha".startswith("al")


def test_alpha_two():
    assert len("alpha") == 5


def test_beta():
    raise AssertionError("-Ddxpy.test=alpha must deselect test_beta")


def test_gamma():
    raise AssertionError("-Ddxpy.test=alpha must deselect test_gamma")
