package dev.dxpy.core.discovery;

import dev.dxpy.core.api.CollectedTest;
import dev.dxpy.core.api.Collection;
import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.api.TestId;
import dev.dxpy.core.api.UsageException;
import dev.dxpy.core.config.ProjectConfig;
import dev.dxpy.core.index.IndexEntry;
import dev.dxpy.core.index.TestIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.Blake3;

/**
 * Collects tests as {@code pytest --collect-only} would, without running Python: files in pytest's
 * order, parsed in parallel with tree-sitter, unchanged files taken from the index.
 */
public final class Discoverer {
    private final boolean parallel;

    public Discoverer() {
        this(true);
    }

    /** @param parallel parse files on the common fork-join pool (false: on the calling thread) */
    public Discoverer(boolean parallel) {
        this.parallel = parallel;
    }

    /**
     * @param args      pytest arguments: paths and node ids relative to {@code invocationDir}; none: testpaths
     * @param indexFile the index to read and update, or null to parse everything
     * @param warnings  receives collection warnings and index problems
     * @throws UsageException when an argument names no file or no test
     */
    public DiscoveryResult discover(ProjectConfig cfg, List<String> args, Path invocationDir, Path indexFile,
            Consumer<String> warnings) {
        long start = System.nanoTime();
        List<Targets.Target> targets = Targets.resolve(cfg, args, invocationDir);
        ProjectModules modules = new ProjectModules(cfg.rootdir());
        Map<Path, List<Path>> conftests = new LinkedHashMap<>();
        Set<Path> allConftests = new LinkedHashSet<>();
        Map<Path, List<Path>> chains = new HashMap<>(); // by directory: most files share a few
        for (Targets.Target t : targets) {
            List<Path> chain = chains.computeIfAbsent(t.file().getParent(), d -> conftestChain(cfg.rootdir(), d));
            conftests.put(t.file(), chain);
            allConftests.addAll(chain);
        }
        byte[] fingerprint = fingerprint(cfg, allConftests, modules);
        TestIndex old = indexFile == null ? null : TestIndex.read(indexFile, warnings);
        Map<String, IndexEntry> reusable = old != null && Arrays.equals(old.fingerprint(), fingerprint)
                ? old.entries() : Map.of();

        Map<Path, IndexEntry> entries = new LinkedHashMap<>();
        List<Path> toParse = new ArrayList<>();
        boolean changed = old == null || reusable.isEmpty() && !old.entries().isEmpty();
        for (Targets.Target t : targets) {
            IndexEntry e = reuse(reusable.get(modules.rel(t.file())), t.file(), modules, cfg.rootdir());
            if (e == null) {
                toParse.add(t.file());
            } else {
                changed |= e != reusable.get(e.path());
                entries.put(t.file(), e);
            }
        }
        Stream<Path> stream = parallel ? toParse.parallelStream() : toParse.stream();
        CollectOptions opts = CollectOptions.of(cfg, invocationDir.toAbsolutePath().normalize());
        List<IndexEntry> parsed = stream.map(f -> build(cfg, opts, f, conftests.get(f), modules)).toList();
        for (int i = 0; i < toParse.size(); i++) {
            entries.put(toParse.get(i), parsed.get(i));
        }
        changed |= !toParse.isEmpty();

        List<CollectedTest> tests = new ArrayList<>();
        List<CollectionError> errors = new ArrayList<>();
        Map<String, List<String>> imports = new LinkedHashMap<>();
        Map<String, Boolean> mentionsCache = new HashMap<>();
        Set<String> seenErrors = new HashSet<>();
        for (Path c : allConftests) {
            ModuleModel m = modules.model(c);
            if (m != null && m.error() != null && seenErrors.add(m.path())) {
                errors.add(m.error());
            }
        }
        for (Targets.Target t : targets) {
            IndexEntry e = entries.get(t.file());
            imports.put(e.path(), e.imports());
            mentionsCache.put(e.path(), e.mentionsCache());
            e.warnings().forEach(warnings);
            if (e.error() != null) {
                errors.add(e.error());
            } else {
                tests.addAll(Selection.apply(e.tests(), t.selectors()));
            }
        }
        if (indexFile != null && changed) {
            Map<String, IndexEntry> keep = new LinkedHashMap<>();
            reusable.forEach((p, e) -> {
                if (Files.exists(cfg.rootdir().resolve(p))) {
                    keep.put(p, e);
                }
            });
            entries.values().forEach(e -> keep.put(e.path(), e));
            try {
                new TestIndex(fingerprint, keep).writeInBackground(indexFile);
            } catch (IOException e) { // a read-only checkout: pytest also runs without its cache
                warnings.accept("cannot write the dxpy index " + indexFile + " (" + e
                        + "): the next run parses every file again");
            }
        }
        Collection collection = new Collection(tests, errors, toParse.size(), targets.size() - toParse.size(),
                Duration.ofNanos(System.nanoTime() - start));
        return new DiscoveryResult(collection, imports, mentionsCache);
    }

    private static IndexEntry build(ProjectConfig cfg, CollectOptions opts, Path file, List<Path> conftestFiles,
            ProjectModules modules) {
        byte[] bytes;
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            String rel = modules.rel(file);
            return new IndexEntry(rel, -1, -1, new byte[32], List.of(), List.of(),
                    new CollectionError(rel, 0, "OSError: cannot read the file: " + e.getMessage()), List.of(), List.of(),
                    false);
        }
        String name = file.getFileName().toString();
        boolean doctests = opts.doctestFile(name) && new String(bytes, StandardCharsets.UTF_8).contains(">>>");
        CollectedTest doctestItem = new CollectedTest(TestId.of(modules.rel(file), List.of(), CollectedTest.DOCTESTS),
                0, true);
        if (!name.endsWith(".py")) { // a text file pytest's doctest plugin collects
            return new IndexEntry(modules.rel(file), attrs.size(), attrs.lastModifiedTime().toMillis(),
                    TestIndex.hash(bytes), doctests ? List.of(doctestItem) : List.of(), List.of(), null, List.of(),
                    List.of(), false);
        }
        boolean pyTests = cfg.isTestFile(name) || !opts.doctestFile(name);
        ModuleModel model = modules.parse(file, bytes);
        List<CollectedTest> tests = List.of();
        List<String> warnings = List.of();
        Set<Path> deps = new LinkedHashSet<>();
        if (model.error() == null && pyTests) {
            Fixtures fixtures = new Fixtures();
            boolean generates = false;
            for (Path c : conftestFiles) {
                ModuleModel cm = modules.model(c);
                if (cm != null && cm.error() == null) {
                    fixtures = fixtures.with(ItemBuilder.fixtureLayer(cm.members(), false));
                    generates |= cm.generatesTests();
                }
            }
            ItemBuilder builder = new ItemBuilder(cfg, model, modules.lookupFor(file, deps), generates);
            tests = builder.build(fixtures);
            warnings = builder.warnings;
        }
        if (doctests && model.error() == null) {
            tests = new ArrayList<>(tests);
            tests.add(doctestItem);
        }
        List<IndexEntry.Dependency> depStates = new ArrayList<>();
        for (Path d : deps) {
            IndexEntry.Dependency s = modules.state(d);
            if (s != null) {
                depStates.add(s);
            }
        }
        return new IndexEntry(model.path(), attrs.size(), attrs.lastModifiedTime().toMillis(), TestIndex.hash(bytes),
                tests, model.imports(), model.error(), warnings, depStates, IndexEntry.mentionsCache(bytes));
    }

    /** The index entry still valid for {@code file} (updated to its new mtime if only that changed), or null. */
    private static IndexEntry reuse(IndexEntry e, Path file, ProjectModules modules, Path rootdir) {
        if (e == null) {
            return null;
        }
        for (IndexEntry.Dependency d : e.deps()) {
            IndexEntry.Dependency now = modules.state(rootdir.resolve(d.path()));
            if (now == null || !Arrays.equals(now.hash(), d.hash())) {
                return null;
            }
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (a.size() == e.size() && a.lastModifiedTime().toMillis() == e.mtime()) {
                return e;
            }
            byte[] hash = TestIndex.hash(Files.readAllBytes(file));
            if (!Arrays.equals(hash, e.hash())) {
                return null;
            }
            return new IndexEntry(e.path(), a.size(), a.lastModifiedTime().toMillis(), hash, e.tests(), e.imports(),
                    e.error(), e.warnings(), e.deps(), e.mentionsCache());
        } catch (IOException ex) {
            return null;
        }
    }

    /**
     * The files of {@code files} (rootdir-relative, '/'-separated) for which a conftest computes
     * {@code collect_ignore} or {@code collect_ignore_glob}: only a worker that imports it knows whether pytest
     * collects them.
     */
    public static Set<String> ignoreComputed(Path rootdir, java.util.Collection<String> files) {
        ConftestIgnores ignores = new ConftestIgnores(rootdir);
        Set<String> out = new LinkedHashSet<>();
        for (String f : files) {
            if (ignores.undecided(rootdir.resolve(f))) {
                out.add(f);
            }
        }
        return out;
    }

    /** conftest.py files from rootdir down to {@code dir}, outermost first. */
    private static List<Path> conftestChain(Path rootdir, Path dir) {
        List<Path> chain = new ArrayList<>();
        Path d = dir;
        while (d != null) {
            Path c = d.resolve("conftest.py");
            if (Files.isRegularFile(c)) {
                chain.add(0, c);
            }
            if (d.equals(rootdir) || !d.startsWith(rootdir)) {
                break;
            }
            d = d.getParent();
        }
        return chain;
    }

    private static byte[] fingerprint(ProjectConfig cfg, Set<Path> conftests, ProjectModules modules) {
        Blake3 h = Blake3.initHash();
        h.update(cfg.fingerprint().getBytes(StandardCharsets.UTF_8));
        conftests.stream().sorted().forEach(c -> {
            IndexEntry.Dependency s = modules.state(c);
            h.update(modules.rel(c).getBytes(StandardCharsets.UTF_8));
            h.update(s == null ? new byte[1] : s.hash());
        });
        byte[] out = new byte[32];
        h.doFinalize(out);
        return out;
    }
}
