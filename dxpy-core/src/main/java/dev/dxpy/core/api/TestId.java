package dev.dxpy.core.api;

import java.util.List;
import java.util.Objects;

/**
 * A pytest node id split in its parts: {@code tests/test_a.py::TestC::test_b[1-a]} is file
 * {@code tests/test_a.py}, classes {@code [TestC]}, name {@code test_b}, parameter id {@code 1-a}.
 * Equal when all four parts are. The node id string is built once, when first asked for (a run asks for
 * it of every test several times: scheduling, reports, ordering).
 */
public final class TestId {
    private final String file;
    private final List<String> classes;
    private final String name;
    private final String paramId;
    private String nodeId; // racy single check: any thread builds the same immutable String

    public TestId(String file, List<String> classes, String name, String paramId) {
        this.file = Objects.requireNonNull(file, "file");
        this.name = Objects.requireNonNull(name, "name");
        this.classes = List.copyOf(classes);
        this.paramId = paramId;
    }

    public String file() {
        return file;
    }

    public List<String> classes() {
        return classes;
    }

    public String name() {
        return name;
    }

    /** The parameter id, or null. */
    public String paramId() {
        return paramId;
    }

    public static TestId of(String file, List<String> classes, String name) {
        return new TestId(file, classes, name, null);
    }

    /** Parses a pytest node id; the parameter id may itself contain {@code ::}. */
    public static TestId parse(String nodeId) {
        String base = nodeId;
        String param = null;
        int bracket = indexOfParam(nodeId);
        if (bracket >= 0) {
            base = nodeId.substring(0, bracket);
            param = nodeId.substring(bracket + 1, nodeId.length() - 1);
        }
        String[] parts = base.split("::", -1);
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a test node id (expected file::name): " + nodeId);
        }
        return new TestId(parts[0], List.of(parts).subList(1, parts.length - 1), parts[parts.length - 1], param);
    }

    private static int indexOfParam(String nodeId) {
        if (!nodeId.endsWith("]")) {
            return -1;
        }
        int sep = nodeId.indexOf("::");
        int open = nodeId.indexOf('[', sep < 0 ? 0 : sep);
        return open;
    }

    /** The id without its parameter part, e.g. {@code tests/test_a.py::TestC::test_b}. */
    public String baseId() {
        StringBuilder sb = new StringBuilder(file);
        for (String c : classes) {
            sb.append("::").append(c);
        }
        return sb.append("::").append(name).toString();
    }

    /** The pytest node id. */
    public String nodeId() {
        String id = nodeId;
        if (id == null) {
            id = paramId == null ? baseId() : baseId() + "[" + paramId + "]";
            nodeId = id;
        }
        return id;
    }

    /** The test name with its parameter id, as JUnit XML's {@code name}. */
    public String nameWithParam() {
        return paramId == null ? name : name + "[" + paramId + "]";
    }

    /** The dotted module path plus classes, as pytest writes JUnit XML's {@code classname}. */
    public String className() {
        String mod = file.endsWith(".py") ? file.substring(0, file.length() - 3) : file;
        StringBuilder sb = new StringBuilder(mod.replace('/', '.'));
        for (String c : classes) {
            sb.append('.').append(c);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof TestId t && file.equals(t.file) && name.equals(t.name)
                && classes.equals(t.classes) && Objects.equals(paramId, t.paramId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(file, classes, name, paramId);
    }

    @Override
    public String toString() {
        return nodeId();
    }
}
