def test_offline():
    assert sum([1, 2]) == 3
