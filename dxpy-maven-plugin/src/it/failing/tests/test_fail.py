def test_good():
    assert [1, 2] == [1, 2]


def test_bad():
    assert 1 + 1 == 3
