package dev.dxpy.core.discovery;

import dev.dxpy.core.api.CollectionError;
import dev.dxpy.core.index.IndexEntry;
import dev.dxpy.core.index.TestIndex;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Parsed project files shared by the threads of one discovery run: models and file states cached. */
final class ProjectModules {
    private static final ModuleModel MISSING = new ModuleModel("", Map.of(), java.util.List.of(), true, false,
            java.util.List.of(), null);

    private final Path rootdir;
    private final Map<Path, ModuleModel> models = new ConcurrentHashMap<>();
    private final Map<Path, IndexEntry.Dependency> states = new ConcurrentHashMap<>();

    ProjectModules(Path rootdir) {
        this.rootdir = rootdir;
    }

    String rel(Path file) {
        Path r = file.startsWith(rootdir) ? rootdir.relativize(file) : file;
        return r.toString().replace('\\', '/');
    }

    /** Reads and parses {@code file} (bytes given if already read); unreadable or undecodable files give a model with an error. */
    ModuleModel parse(Path file, byte[] bytes) {
        String rel = rel(file);
        try {
            byte[] content = bytes != null ? bytes : Files.readAllBytes(file);
            return new ModuleReader(rel, ModuleReader.dottedName(rel), SourceText.source(content)).read();
        } catch (CharacterCodingException e) {
            return failed(rel, "SyntaxError: the file is not valid UTF-8 and declares no other encoding");
        } catch (IOException e) {
            return failed(rel, "OSError: cannot read the file: " + e.getMessage());
        }
    }

    private static ModuleModel failed(String rel, String message) {
        return new ModuleModel(rel, Map.of(), java.util.List.of(), false, false, java.util.List.of(),
                new CollectionError(rel, 0, message));
    }

    /** A cached model of a helper module or conftest (null if the file does not exist). */
    ModuleModel model(Path file) {
        ModuleModel m = models.get(file);
        if (m == null) {
            m = Files.isRegularFile(file) ? parse(file, null) : MISSING;
            ModuleModel prev = models.putIfAbsent(file, m);
            m = prev != null ? prev : m;
        }
        return m == MISSING ? null : m;
    }

    /** The size, mtime and content hash of a file, cached for this run (null if unreadable). */
    IndexEntry.Dependency state(Path file) {
        IndexEntry.Dependency s = states.get(file);
        if (s == null) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                s = new IndexEntry.Dependency(rel(file), a.size(), a.lastModifiedTime().toMillis(),
                        TestIndex.hash(Files.readAllBytes(file)));
                states.put(file, s);
            } catch (IOException e) {
                return null;
            }
        }
        return s;
    }

    /** A lookup for one test file that records the project files it resolved into {@code deps}. */
    ModuleLookup lookupFor(Path testFile, Set<Path> deps) {
        return (dotted, from) -> {
            Path fromFile = rootdir.resolve(from.path());
            for (Path base : new Path[] {rootdir, basedir(fromFile), fromFile.getParent(), testFile.getParent()}) {
                Path stem = base.resolve(dotted.replace('.', '/'));
                for (Path candidate : new Path[] {stem.resolveSibling(stem.getFileName() + ".py"), stem.resolve("__init__.py")}) {
                    if (candidate.equals(testFile)) {
                        continue;
                    }
                    ModuleModel m = model(candidate);
                    if (m != null) {
                        deps.add(candidate);
                        return m;
                    }
                }
            }
            return null;
        };
    }

    /** pytest's prepend import mode: the first directory upwards without an {@code __init__.py}. */
    private static Path basedir(Path file) {
        Path dir = file.getParent();
        while (dir != null && Files.exists(dir.resolve("__init__.py")) && dir.getParent() != null) {
            dir = dir.getParent();
        }
        return dir;
    }
}
