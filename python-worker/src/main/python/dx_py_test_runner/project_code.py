"""The project's own modules (source files under the rootdir that tests import) compiled once and kept in dxpy's
cache directory, checked against a hash of their source on every import.

Without it a worker compiles every project module it imports from source when PYTHONDONTWRITEBYTECODE is set
(each watch cycle and each run starts fresh workers), and otherwise trusts __pycache__ timestamp pycs, which
miss an edit that keeps the file's size within the same second (a quick second save in watch mode). Here the
cached code is used only when the source's BLAKE2 digest matches, and nothing is written into the source tree.
Installed by the worker after its third-party preloads; modules outside the rootdir keep the default import."""
import hashlib
import importlib.machinery
import importlib.util
import marshal
import os
import sys

_HEADER = len(importlib.util.MAGIC_NUMBER) + 16


class ProjectLoader(importlib.machinery.SourceFileLoader):
    """A source loader whose bytecode lives in dxpy's cache, keyed by path and validated by source digest."""

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        source = self.get_data(path)
        digest = hashlib.blake2b(source, digest_size=16).digest()
        cache = cache_path(path)
        try:
            with open(cache, "rb") as f:
                data = f.read()
            if data[:len(importlib.util.MAGIC_NUMBER)] == importlib.util.MAGIC_NUMBER \
                    and data[len(importlib.util.MAGIC_NUMBER):_HEADER] == digest:
                return marshal.loads(data[_HEADER:])
        except (OSError, ValueError, EOFError, TypeError):
            pass  # absent, unreadable or damaged: compile
        code = self.source_to_code(source, path)
        _write(cache, importlib.util.MAGIC_NUMBER + digest + marshal.dumps(code))
        return code


_PATHS = {}  # (path, cache root, optimize) -> cache_path's answer (find_spec and get_code both ask)


def cache_path(path):
    from .importer import _cache_root
    root = _cache_root()
    if not os.path.isabs(path):  # the key depends on the working directory: not memoized
        return _cache_path(path, root)
    memo = (path, root, sys.flags.optimize)
    got = _PATHS.get(memo)
    if got is None:
        got = _PATHS[memo] = _cache_path(path, root)
    return got


def _cache_path(path, root):
    key = hashlib.blake2b(os.path.abspath(path).encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    base = os.path.basename(path)[:-3]
    opt = f".opt-{sys.flags.optimize}" if sys.flags.optimize else ""
    return os.path.join(root, "bytecode", f"{key}-{base}.{sys.implementation.cache_tag}{opt}.pyc")


def _write(target, data):
    """Atomically; a read-only cache or any OS error only means no cache."""
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = f"{target}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except OSError:
        pass


class ProjectFinder:
    """Placed just before the path finder: gives source modules under the roots the ProjectLoader."""

    def __init__(self, roots):
        self.roots = tuple(os.path.join(os.path.normcase(os.path.abspath(r)), "") for r in roots)

    def find_spec(self, fullname, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and type(spec.loader) is importlib.machinery.SourceFileLoader and spec.origin \
                and os.path.normcase(spec.origin).startswith(self.roots):
            spec.loader = ProjectLoader(fullname, spec.origin)
            spec.cached = cache_path(spec.origin)
        return spec

    def invalidate_caches(self):
        pass


def install(rootdir):
    """Adds the finder for modules under rootdir (once)."""
    if any(isinstance(f, ProjectFinder) for f in sys.meta_path):
        return
    at = next((i for i, f in enumerate(sys.meta_path) if f is importlib.machinery.PathFinder), len(sys.meta_path))
    sys.meta_path.insert(at, ProjectFinder([rootdir]))
