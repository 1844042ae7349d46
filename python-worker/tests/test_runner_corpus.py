"""The generated corpus through Session: every manifest outcome must be reproduced."""
import json
import os
import subprocess
import sys

from support import run_dx

GEN = "/work/shared/corpus/gen_corpus.py"


def test_generated_corpus_matches_manifest(tmp_path):
    if not os.path.isfile(GEN):
        import pytest
        pytest.skip(f"{GEN} is not available")
    root = tmp_path / "corpus"
    subprocess.run([sys.executable, GEN, str(root), "--files", "20", "--modules", "15", "--tests-per-file", "20"],
                   check=True, capture_output=True)
    manifest = json.loads((root / "manifest.json").read_text())["nodeids"]
    by_file = {}
    for node_id in manifest:
        by_file.setdefault(node_id.split("::")[0], []).append((node_id, False))
    config = {"python_files": ["test_*.py", "*_test.py"], "python_classes": ["Test*", "*Test"],
              "python_functions": ["test_*", "*_test"]}
    results, status, finish_errors = run_dx(root, list(by_file.items()), config)
    assert [s["error"] for s in status if s["error"]] == []
    assert finish_errors == []
    got = {r["node_id"]: r["outcome"] for r in results}
    diff = {k: (got.get(k), v) for k, v in manifest.items() if got.get(k) != v}
    assert not diff, f"outcomes differ (dx, manifest): {diff}"
    assert len(results) == len(manifest)
    failed = [r for r in results if r["outcome"] == "failed"]
    assert failed and all(r["message"].startswith("assert ") for r in failed)  # as pytest's reprcrash message
    assert all(" +  where " in r["longrepr"] for r in failed)
