"""Fallback: modules the native engine does not support run through pytest itself, outcomes as pytest's,
each result carrying the reason; supported ones stay native."""
from support import compare

HOOK_CONFTEST = '''
import pytest

def pytest_collection_modifyitems(config, items):
    for item in items:
        if "slow" in item.name:
            item.add_marker(pytest.mark.skip(reason="slow tests skipped by the conftest"))
'''

HOOKED = '''
import pytest

def test_fast():
    assert 1

def test_slow():
    assert 0, "never runs: the conftest hook skips it"

@pytest.mark.parametrize("x", [1, 2])
def test_param(x):
    assert x == 1
'''


def test_conftest_hook_takes_the_fallback(tmp_path):
    got = compare(tmp_path, {"conftest.py": HOOK_CONFTEST, "test_hooked.py": HOOKED})
    assert got["test_hooked.py::test_slow"]["outcome"] == "skipped"
    assert all("pytest_collection_modifyitems" in r["fallback_reason"] for r in got.values())
    failure = got["test_hooked.py::test_param[2]"]["longrepr"]
    assert "assert 2 == 1" in failure
    assert "dx_py_test_runner" not in failure and "During handling" not in failure


PLUGIN_FIXTURE = '''
def test_uses_plugin_fixture(benchmark_like):
    assert benchmark_like == 42

def test_plain():
    pass
'''


def test_plugin_fixture_takes_the_fallback(tmp_path):
    files = {
        "plug.py": "import pytest\n\n@pytest.fixture\ndef benchmark_like():\n    return 42\n",
        "conftest.py": "pytest_plugins = ['plug']\n",
        "test_plugfix.py": PLUGIN_FIXTURE,
    }
    got = compare(tmp_path, files, "-p", "no:randomly")
    assert got["test_plugfix.py::test_uses_plugin_fixture"]["outcome"] == "passed"
    assert "pytest_plugins" in got["test_plugfix.py::test_plain"]["fallback_reason"]


def test_unknown_fixture_takes_the_fallback_and_pytest_reports_it(tmp_path):
    got = compare(tmp_path, {"test_unknown.py": "def test_x(nowhere_defined):\n    pass\n\ndef test_y():\n    pass\n"})
    assert got["test_unknown.py::test_x"]["outcome"] == "error"
    assert "nowhere_defined" in got["test_unknown.py::test_y"]["fallback_reason"]


def test_hooks_in_a_test_module_are_ignored_as_pytest_does(tmp_path):
    src = ("def pytest_runtest_setup(item):\n    import pytest\n    pytest.skip('by hook')\n\n"
           "def test_a():\n    pass\n")
    got = compare(tmp_path, {"test_modhook.py": src})
    assert got["test_modhook.py::test_a"]["outcome"] == "passed"
    assert not got["test_modhook.py::test_a"].get("fallback_reason")


def test_pytest_plugins_in_a_test_module_takes_the_fallback(tmp_path):
    files = {"plug2.py": "import pytest\n\n@pytest.fixture\ndef from_plugin():\n    return 7\n",
             "test_modplug.py": "pytest_plugins = ['plug2']\n\ndef test_a(from_plugin):\n    assert from_plugin == 7\n"}
    got = compare(tmp_path, files)
    assert got["test_modplug.py::test_a"]["outcome"] == "passed"
    assert "pytest_plugins" in got["test_modplug.py::test_a"]["fallback_reason"]


def test_pytest_configure_that_only_registers_runs_natively(tmp_path):
    conftest = ("STATE = []\n\ndef pytest_configure(config):\n"
                "    config.addinivalue_line('markers', 'slow: slow tests')\n    STATE.append(1)\n")
    got = compare(tmp_path, {"conftest.py": conftest,
                             "test_conf.py": "import conftest\n\ndef test_configured():\n    assert conftest.STATE\n"})
    assert got["test_conf.py::test_configured"]["outcome"] == "passed"
    assert not got["test_conf.py::test_configured"].get("fallback_reason")


def test_pytest_configure_using_more_of_config_takes_the_fallback(tmp_path):
    conftest = ("def pytest_configure(config):\n    config.pluginmanager.register(object(), 'x')\n")
    got = compare(tmp_path, {"conftest.py": conftest, "test_pm.py": "def test_a():\n    pass\n"})
    assert "config.pluginmanager" in got["test_pm.py::test_a"]["fallback_reason"]
