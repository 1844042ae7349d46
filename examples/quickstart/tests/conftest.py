import pytest


@pytest.fixture
def numbers():
    return [1, 2, 3, 4]


@pytest.fixture(scope="module")
def big_numbers():
    return list(range(1000))
