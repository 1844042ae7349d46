"""Preloading: third-party modules are imported before the first test; stdlib and project code are not."""
import sys

from dx_py_test_runner.worker import preload


def test_imports_third_party_skips_stdlib_project_and_broken(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "heavy_thirdparty_mod.py").write_text("LOADED = True\n")
    (site / "broken_thirdparty_mod.py").write_text("raise SystemExit('nope')\n")
    root = tmp_path / "proj"
    root.mkdir()
    (root / "my_project_mod.py").write_text("raise AssertionError('project code must not be preloaded')\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.syspath_prepend(str(root))
    for m in ("heavy_thirdparty_mod", "broken_thirdparty_mod", "my_project_mod"):
        monkeypatch.delitem(sys.modules, m, raising=False)

    done = preload(["json", "heavy_thirdparty_mod", "broken_thirdparty_mod", "my_project_mod", "no_such_mod_xyz"],
                   str(root))

    assert done == ["heavy_thirdparty_mod"]
    assert sys.modules["heavy_thirdparty_mod"].LOADED
    assert "my_project_mod" not in sys.modules
