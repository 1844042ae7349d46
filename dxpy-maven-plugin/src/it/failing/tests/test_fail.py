def test_good():
    assert [1, 2] == [1, 2]


def test_bad():
    print("state before the check")
    assert 1 + 1 == 3


class TestGroup:
    def test_in_class(self):
        pass
