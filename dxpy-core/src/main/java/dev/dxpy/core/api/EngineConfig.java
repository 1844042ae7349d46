package dev.dxpy.core.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a run needs, built with {@link #builder()}. {@code invocationDir} is where the user
 * stands (pytest's rootdir rule starts from there); {@code args} are paths and node ids as given to
 * pytest; {@code keyword} is a {@code -k} expression; {@code python} the interpreter to run workers with.
 */
public final class EngineConfig {
    private final Path invocationDir;
    private final Path rootDir;
    private final List<String> args;
    private final String keyword;
    private final String markers;
    private final String python;
    private final int workers;
    private final Duration timeout;
    private final Path cacheDir;
    private final boolean useIndex;
    private final Map<String, String> environment;
    private final List<Path> affectedBy;
    private final boolean changed;
    private final boolean lastFailed;
    private final List<String> preload;
    private final Map<String, String> clientEnvironment;

    private EngineConfig(Builder b) {
        this.invocationDir = b.invocationDir.toAbsolutePath().normalize();
        this.rootDir = b.rootDir == null ? null : b.rootDir.toAbsolutePath().normalize();
        this.args = List.copyOf(b.args);
        this.keyword = b.keyword;
        this.markers = b.markers;
        this.python = b.python;
        this.workers = b.workers;
        this.timeout = b.timeout;
        this.cacheDir = b.cacheDir;
        this.useIndex = b.useIndex;
        this.environment = Map.copyOf(b.environment);
        this.affectedBy = b.affectedBy == null ? null : List.copyOf(b.affectedBy);
        this.changed = b.changed;
        this.lastFailed = b.lastFailed;
        this.preload = List.copyOf(b.preload);
        this.clientEnvironment = b.clientEnvironment == null ? null : Map.copyOf(b.clientEnvironment);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path invocationDir() {
        return invocationDir;
    }

    /** The rootdir when forced (pytest's {@code --rootdir}); null to find it with pytest's rule. */
    public Path rootDir() {
        return rootDir;
    }

    public List<String> args() {
        return args;
    }

    public String keyword() {
        return keyword;
    }

    public String markers() {
        return markers;
    }

    /** The interpreter command or path; null means {@code python3} on PATH. */
    public String python() {
        return python;
    }

    /** Number of workers; 0 means one per core. */
    public int workers() {
        return workers;
    }

    /** Per-test timeout, or null for none. */
    public Duration timeout() {
        return timeout;
    }

    /** Where the index and other state go; null means {@code <rootdir>/.dxpy}. */
    public Path cacheDir() {
        return cacheDir;
    }

    public boolean useIndex() {
        return useIndex;
    }

    /** Extra environment variables for the workers. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Files whose change selects the tests to run (through the import graph); null when not selecting by change. */
    public List<Path> affectedBy() {
        return affectedBy;
    }

    /** Select the tests affected by the files changed since the last run. */
    public boolean changed() {
        return changed;
    }

    /** Select only the tests that failed in the last run. */
    public boolean lastFailed() {
        return lastFailed;
    }

    /**
     * Modules every worker imports before its first test, besides the third-party modules the selected
     * test files import (which the engine finds itself).
     */
    public List<String> preload() {
        return preload;
    }

    /**
     * The environment workers start from in place of the engine process's own, {@link #environment()} added
     * on top; null (the default) for the engine's. A daemon passes its client's, so tests see the variables
     * of the shell that ran {@code dx-py test}, not those the daemon was started with.
     */
    public Map<String, String> clientEnvironment() {
        return clientEnvironment;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.invocationDir = invocationDir;
        b.rootDir = rootDir;
        b.args.addAll(args);
        b.keyword = keyword;
        b.markers = markers;
        b.python = python;
        b.workers = workers;
        b.timeout = timeout;
        b.cacheDir = cacheDir;
        b.useIndex = useIndex;
        b.environment.putAll(environment);
        b.affectedBy = affectedBy;
        b.changed = changed;
        b.lastFailed = lastFailed;
        b.preload.addAll(preload);
        b.clientEnvironment = clientEnvironment;
        return b;
    }

    /** Builds an {@link EngineConfig}; only the invocation directory is required (default: the current directory). */
    public static final class Builder {
        private Path invocationDir = Path.of("");
        private Path rootDir;
        private final List<String> args = new ArrayList<>();
        private String keyword;
        private String markers;
        private String python;
        private int workers = 0;
        private Duration timeout;
        private Path cacheDir;
        private boolean useIndex = true;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private List<Path> affectedBy;
        private boolean changed;
        private boolean lastFailed;
        private final List<String> preload = new ArrayList<>();
        private Map<String, String> clientEnvironment;

        private Builder() {
        }

        public Builder invocationDir(Path dir) {
            this.invocationDir = Objects.requireNonNull(dir);
            return this;
        }

        public Builder rootDir(Path dir) {
            this.rootDir = dir;
            return this;
        }

        public Builder args(List<String> args) {
            this.args.clear();
            this.args.addAll(args);
            return this;
        }

        public Builder keyword(String keyword) {
            this.keyword = keyword == null || keyword.isBlank() ? null : keyword;
            return this;
        }

        public Builder markers(String markers) {
            this.markers = markers == null || markers.isBlank() ? null : markers;
            return this;
        }

        public Builder python(String python) {
            this.python = python == null || python.isBlank() ? null : python;
            return this;
        }

        public Builder workers(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("workers must be >= 0 (0 = one per core), got " + workers);
            }
            this.workers = workers;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
            return this;
        }

        public Builder useIndex(boolean useIndex) {
            this.useIndex = useIndex;
            return this;
        }

        public Builder environment(Map<String, String> env) {
            this.environment.putAll(env);
            return this;
        }

        /** Run the tests these files' changes can affect (paths relative to the invocation directory); null: off. */
        public Builder affectedBy(List<Path> files) {
            this.affectedBy = files == null ? null : new ArrayList<>(files);
            return this;
        }

        /** Run the tests affected by the files changed since the last run. */
        public Builder changed(boolean changed) {
            this.changed = changed;
            return this;
        }

        /** Run only the tests that failed in the last run. */
        public Builder lastFailed(boolean lastFailed) {
            this.lastFailed = lastFailed;
            return this;
        }

        /** Adds modules to import in every worker before its first test. */
        public Builder preload(List<String> modules) {
            for (String m : modules) {
                if (!m.isBlank()) {
                    this.preload.add(m.strip());
                }
            }
            return this;
        }

        /** Workers start from {@code env} instead of the engine's environment (null: the engine's); see {@link EngineConfig#clientEnvironment()}. */
        public Builder clientEnvironment(Map<String, String> env) {
            this.clientEnvironment = env;
            return this;
        }

        public EngineConfig build() {
            return new EngineConfig(this);
        }
    }
}
