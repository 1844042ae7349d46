"""Drive the dxpy engine from Python: `dx.discover()` and `dx.run()` (see site/python-api.md).

Both start the Java engine (`java -jar dx-py.jar test ...`) and parse what it prints or writes:
`--collect-only` output for discover, a JUnit XML report for run. The jar is found, in order, at
$DXPY_JAR, $DXPY_HOME/dx-py.jar (or $DXPY_HOME/dxpy-cli/target/dx-py.jar), next to this package, and
in the source tree this package was built from (dxpy-cli/target/dx-py.jar).
"""
import os
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET


class EngineNotFoundError(RuntimeError):
    """No dx-py.jar (or no java) was found; the message lists where it looked."""


class TestOutcome:
    """One test's result: node id, outcome (passed, failed, error, skipped, xfailed, xpassed), seconds, message."""
    __slots__ = ("node_id", "outcome", "duration", "message")

    def __init__(self, node_id, outcome, duration, message=""):
        self.node_id, self.outcome, self.duration, self.message = node_id, outcome, duration, message

    def __repr__(self):
        return f"TestOutcome({self.node_id!r}, {self.outcome!r}, {self.duration:.3f}s)"


class RunResult:
    """What dx.run() returns: per-test outcomes (in report order), the engine's exit code and its output."""

    def __init__(self, tests, exit_code, output):
        self.tests = tests
        self.exit_code = exit_code
        self.output = output

    @property
    def outcomes(self):
        return {t.node_id: t.outcome for t in self.tests}

    @property
    def durations(self):
        return {t.node_id: t.duration for t in self.tests}

    @property
    def ok(self):
        return self.exit_code == 0

    def count(self, outcome):
        return sum(1 for t in self.tests if t.outcome == outcome)

    def __repr__(self):
        counts = {}
        for t in self.tests:
            counts[t.outcome] = counts.get(t.outcome, 0) + 1
        return f"RunResult(exit_code={self.exit_code}, {counts})"


def find_jar():
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = []
    if os.environ.get("DXPY_JAR"):
        candidates.append(os.environ["DXPY_JAR"])
    home = os.environ.get("DXPY_HOME")
    if home:
        candidates += [os.path.join(home, "dx-py.jar"), os.path.join(home, "dxpy-cli", "target", "dx-py.jar")]
    candidates.append(os.path.join(here, "dx-py.jar"))
    d = here
    for _ in range(8):  # python-worker/src/main/python/dx_py_test_runner -> repo root, or target/classes/...
        d = os.path.dirname(d)
        candidates.append(os.path.join(d, "dxpy-cli", "target", "dx-py.jar"))
    for c in candidates:
        if os.path.isfile(c):
            return c
    raise EngineNotFoundError("dx-py.jar not found; set DXPY_JAR or DXPY_HOME, or build it with "
                              "`mvn -B package -DskipTests`. Looked at:\n  " + "\n  ".join(candidates))


def _java():
    java = shutil.which("java") or (os.path.join(os.environ["JAVA_HOME"], "bin", "java")
                                    if os.environ.get("JAVA_HOME") else None)
    if not java:
        raise EngineNotFoundError("java not found on PATH (nor JAVA_HOME); install Java 17+")
    return java


def _engine(args, cwd):
    cmd = [_java(), "-jar", find_jar(), "test", *args]
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)


def discover(path=".", pattern=None):
    """The node ids the engine collects from path (a project dir, file or node id), in collection order."""
    cwd, target = _split(path)
    args = ["--collect-only", "-q"] + ([target] if target else []) + (["-k", pattern] if pattern else [])
    proc = _engine(args, cwd)
    if proc.returncode not in (0, 5):
        raise RuntimeError(f"dx-py --collect-only failed with exit code {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return [line.strip() for line in proc.stdout.splitlines() if "::" in line and " " not in line.strip()]


def run(pattern=None, workers=None, path=".", update_snapshots=False, extra_args=()):
    """Run the tests under path (optionally -k pattern, on N workers); return a RunResult."""
    cwd, target = _split(path)
    with tempfile.TemporaryDirectory(prefix="dxpy-api-") as tmp:
        xml_path = os.path.join(tmp, "report.xml")
        args = ["--junit-xml", xml_path] + ([target] if target else [])
        if pattern:
            args += ["-k", pattern]
        if workers:
            args += ["-n", str(workers)]
        if update_snapshots:
            args.append("--update-snapshots")
        args += list(extra_args)
        ids = discover(path, pattern)
        proc = _engine(args, cwd)
        tests = parse_junit_xml(xml_path, ids) if os.path.isfile(xml_path) else []
    if proc.returncode not in (0, 1, 5):
        raise RuntimeError(f"dx-py test failed with exit code {proc.returncode}:\n{proc.stdout}{proc.stderr}")
    return RunResult(tests, proc.returncode, proc.stdout + proc.stderr)


def _split(path):
    path = str(path)
    file_part = path.split("::", 1)[0]
    if os.path.isdir(path):
        return os.path.abspath(path), None
    return os.getcwd(), path if os.path.exists(file_part) else path


def parse_junit_xml(path, node_ids=()):
    """TestOutcomes from a JUnit XML report in pytest's format; node_ids (from discover) map each
    (classname, name) back to its node id, others are rebuilt as classname-as-path::name."""
    by_key = {junit_key(n): n for n in node_ids}
    out = []
    for case in ET.parse(path).getroot().iter("testcase"):
        key = (case.get("classname") or "", case.get("name") or "")
        node_id = by_key.get(key) or f"{key[0].replace('.', '/')}.py::{key[1]}"
        out.append(TestOutcome(node_id, _outcome(case), float(case.get("time") or 0), _message(case)))
    return out


def junit_key(node_id):
    """pytest's (classname, name) of a node id: 'a/test_b.py::TestC::test_d[1]' -> ('a.test_b.TestC', 'test_d[1]')."""
    parts = node_id.split("::")
    module = parts[0][:-3] if parts[0].endswith(".py") else parts[0]
    return ".".join([module.replace("/", "."), *parts[1:-1]]), parts[-1]


def _outcome(case):
    for child in case:
        tag = child.tag
        if tag == "failure":
            return "xpassed" if (child.get("message") or "").startswith("[XPASS(strict)]") else "failed"
        if tag == "error":
            return "error"
        if tag == "skipped":
            return "xfailed" if child.get("type") == "pytest.xfail" else "skipped"
    return "passed"


def _message(case):
    for child in case:
        if child.tag in ("failure", "error", "skipped"):
            return child.get("message") or ""
    return ""
