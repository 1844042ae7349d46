def test_in_b():
    assert "b".upper() == "B"
