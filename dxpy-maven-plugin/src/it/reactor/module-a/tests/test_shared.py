def test_in_a():
    assert "a".upper() == "A"


def test_also_in_a():
    assert len("ab") == 2
