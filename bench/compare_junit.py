"""Compare two JUnit XML reports (pytest's and dx-py's) of the same suite, by node id.

usage: compare_junit.py PYTEST_XML DXPY_XML [PYTEST_IDS DXPY_IDS]

The ids files (optional) are `--collect-only -q` outputs of each tool: they map a report's
(classname, name) pair back to the node id it came from; without them the key is printed as
classname::name. Prints collected counts, per-outcome counts for both and every node id whose
outcome differs; exits 0.
"""
import collections
import sys
import xml.etree.ElementTree as ET


def outcomes(path):
    res = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        key = (case.get("classname", ""), case.get("name", ""))
        tags = {child.tag: child for child in case}
        if "failure" in tags:
            msg = tags["failure"].get("message", "") or ""
            out = "failed"
            if msg.startswith("[XPASS(strict)]"):
                out = "failed"
        elif "error" in tags:
            out = "error"
        elif "skipped" in tags:
            typ = tags["skipped"].get("type", "")
            out = "xfailed" if typ == "pytest.xfail" else "skipped"
        else:
            out = "passed"
        if key in res and res[key] != out:
            # a test reported twice (a teardown error after a pass): the worse outcome wins
            if out == "error" or res[key] == "passed":
                res[key] = out
            continue
        res[key] = out
    return res


def junit_key(node_id):
    parts = node_id.split("::")
    path = parts[0]
    if path.endswith(".py"):
        path = path[:-3]
    classname = ".".join([path.replace("/", ".")] + parts[1:-1])
    return classname, parts[-1]


def read_ids(path):
    ids = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if "::" in line and not line.startswith(" ") and " " not in line.split("[", 1)[0]:
                ids.append(line)
    return ids


def main(argv):
    py, dx = outcomes(argv[1]), outcomes(argv[2])
    names = {}
    counts = {}
    if len(argv) > 4:
        for tool, p in (("pytest", argv[3]), ("dxpy", argv[4])):
            ids = read_ids(p)
            counts[tool] = len(ids)
            for nid in ids:
                names[junit_key(nid)] = nid
    if len(argv) > 4:
        py_ids, dx_ids = read_ids(argv[3]), read_ids(argv[4])
        py_set, dx_set = set(py_ids), set(dx_ids)
        only_py = [i for i in py_ids if i not in dx_set]
        only_dx = [i for i in dx_ids if i not in py_set]
        print("collect-only ids: %d only in pytest's list, %d only in dxpy's" % (len(only_py), len(only_dx)))
        for tool, ids in (("pytest", only_py), ("dxpy", only_dx)):
            for i in ids[:20]:
                print("ONLY-%s %s" % (tool, i))
            if len(ids) > 20:
                print("ONLY-%s ... %d more" % (tool, len(ids) - 20))
    label = lambda k: names.get(k) or "%s::%s" % k
    for tool, res in (("pytest", py), ("dxpy", dx)):
        c = collections.Counter(res.values())
        coll = counts.get(tool, len(res))
        print("%-7s collected %5d  reported %5d  %s" % (tool, coll, len(res),
              "  ".join("%s=%d" % kv for kv in sorted(c.items()))))
    keys = sorted(set(py) | set(dx))
    diff = [(k, py.get(k, "-"), dx.get(k, "-")) for k in keys if py.get(k) != dx.get(k)]
    same = len(keys) - len(diff)
    print("identical outcomes: %d of %d node ids (%.2f%%)" % (same, len(keys), 100.0 * same / max(1, len(keys))))
    for k, a, b in diff:
        print("DIFF %s pytest=%s dxpy=%s" % (label(k), a, b))


if __name__ == "__main__":
    main(sys.argv)
