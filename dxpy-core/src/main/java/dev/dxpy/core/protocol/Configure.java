package dev.dxpy.core.protocol;

import java.util.List;

/**
 * How the worker imports and collects, sent once after {@link Hello} (engine &rarr; worker).
 *
 * @param rootdir absolute root directory
 * @param pythonFiles file globs, e.g. {@code test_*.py}
 * @param pythonClasses class prefixes or globs, e.g. {@code Test}
 * @param pythonFunctions function prefixes or globs, e.g. {@code test}
 * @param sysPath absolute directories to prepend to {@code sys.path}
 * @param preload modules to import before the first test
 * @param timeoutMs per-test timeout, 0 for none
 * @param fixtureKeys cache keys of the cached fixtures discovery found (empty without any)
 * @param collectAhead test files (relative to the rootdir, {@code /} separated) the worker imports and
 *        collects right after its preloads, before its first {@link RunFile}; it then sends one
 *        {@link Collected} (empty: none, and no Collected)
 */
public record Configure(String rootdir, List<String> pythonFiles, List<String> pythonClasses,
        List<String> pythonFunctions, List<String> sysPath, List<String> preload, long timeoutMs,
        List<FixtureKey> fixtureKeys, List<String> collectAhead) implements Message {

    /** A configuration without fixture keys and without files to collect ahead. */
    public Configure(String rootdir, List<String> pythonFiles, List<String> pythonClasses,
            List<String> pythonFunctions, List<String> sysPath, List<String> preload, long timeoutMs) {
        this(rootdir, pythonFiles, pythonClasses, pythonFunctions, sysPath, preload, timeoutMs, List.of(), List.of());
    }

    /** A configuration without files to collect ahead. */
    public Configure(String rootdir, List<String> pythonFiles, List<String> pythonClasses,
            List<String> pythonFunctions, List<String> sysPath, List<String> preload, long timeoutMs,
            List<FixtureKey> fixtureKeys) {
        this(rootdir, pythonFiles, pythonClasses, pythonFunctions, sysPath, preload, timeoutMs, fixtureKeys,
                List.of());
    }

    public Configure {
        rootdir = Values.text(rootdir);
        pythonFiles = Values.texts(pythonFiles);
        pythonClasses = Values.texts(pythonClasses);
        pythonFunctions = Values.texts(pythonFunctions);
        sysPath = Values.texts(sysPath);
        preload = Values.texts(preload);
        fixtureKeys = fixtureKeys == null ? List.of() : List.copyOf(fixtureKeys);
        collectAhead = Values.texts(collectAhead);
    }

    /** This configuration with {@code keys} as its fixture keys. */
    public Configure withFixtureKeys(List<FixtureKey> keys) {
        return new Configure(rootdir, pythonFiles, pythonClasses, pythonFunctions, sysPath, preload, timeoutMs, keys,
                collectAhead);
    }

    /** The same configuration with another preload list. */
    public Configure withPreload(List<String> modules) {
        return new Configure(rootdir, pythonFiles, pythonClasses, pythonFunctions, sysPath, modules, timeoutMs,
                fixtureKeys, collectAhead);
    }

    /** The same configuration with {@code files} to import and collect ahead (relative, {@code /} separated). */
    public Configure withCollectAhead(List<String> files) {
        return new Configure(rootdir, pythonFiles, pythonClasses, pythonFunctions, sysPath, preload, timeoutMs,
                fixtureKeys, files);
    }

    @Override
    public MessageType type() {
        return MessageType.CONFIGURE;
    }
}
