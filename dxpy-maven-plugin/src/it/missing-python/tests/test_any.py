def test_needs_an_interpreter():
    assert True
