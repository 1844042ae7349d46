"""Import of test modules and conftest files like pytest's import modes (`prepend`, the default, `append` and
`importlib`, see set_mode), with their asserts rewritten by a meta-path finder that handles only the files
registered with it."""
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import marshal
import os
import sys

from .rewrite import compile_rewritten


# Set by ahead.start(): called with (path, os.stat result) for each test module the rewriting loader executes,
# the stat its code was chosen by (the rewritten code's cache is keyed by it).
on_source = None


class ImportPathMismatch(ImportError):
    pass


class _Paths(set):
    """The registered files, plus the module names they can have (tails): one set lookup per import instead of
    a pass over every registered file. A name stays in tails when its file is removed; that only costs the
    full check in find_spec."""

    def __init__(self):
        super().__init__()
        self.tails = set()

    def add(self, path):
        super().add(path)
        self.tails.add(os.path.basename(path)[:-3])


class RewritingFinder(importlib.abc.MetaPathFinder):
    """Finds modules whose file is registered for rewriting; everything else is left to the default finders."""

    def __init__(self):
        self.paths = _Paths()
        self.code_cache = {}

    def find_spec(self, fullname, path=None, target=None):
        paths = self.paths
        if not paths:
            return None
        if fullname.rpartition(".")[2] not in paths.tails:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.origin is None or os.path.normcase(os.path.abspath(spec.origin)) not in self.paths:
            return None
        spec.loader = RewritingLoader(fullname, spec.origin, self)
        return spec


def _rewriter_stamp():
    """Changes whenever the rewriter (hence the code it produces) changes."""
    from . import __version__, rewrite
    st = os.stat(rewrite.__file__)
    return f"{__version__}-{st.st_mtime_ns}-{st.st_size}-{sys.implementation.cache_tag}".encode()


_STAMP = None


_ROOTS = {}  # (DXPY_CACHE, XDG_CACHE_HOME, HOME) -> the cache root they give (expanduser once, not per import)


def _cache_root():
    """dxpy's own cache directory, as the engine finds it: $DXPY_CACHE, $XDG_CACHE_HOME/dxpy, ~/.cache/dxpy."""
    env = os.environ
    key = (env.get("DXPY_CACHE"), env.get("XDG_CACHE_HOME"), env.get("HOME"))
    root = _ROOTS.get(key)
    if root is None:
        root = _ROOTS[key] = _find_cache_root()
    return root


def _find_cache_root():
    root = os.environ.get("DXPY_CACHE")
    if root:
        return root
    xdg = os.environ.get("XDG_CACHE_HOME")
    return os.path.join(xdg if xdg else os.path.join(os.path.expanduser("~"), ".cache"), "dxpy")


_PYC_PATHS = {}  # (path, dont_write_bytecode, cache root) -> _pyc_path's answer: the same files come back


def _pyc_path(path):
    """Next to the source in __pycache__, as pytest does; under PYTHONDONTWRITEBYTECODE nothing is written into
    the source tree, and the rewritten code goes to dxpy's own cache directory instead (keyed by the path)."""
    dont_write = sys.dont_write_bytecode
    if not os.path.isabs(path):  # the key depends on the working directory: not memoized
        return _find_pyc_path(path)
    key = (path, dont_write, _cache_root() if dont_write else None)
    got = _PYC_PATHS.get(key)
    if got is None:
        got = _PYC_PATHS[key] = _find_pyc_path(path)
    return got


def _find_pyc_path(path):
    d, base = os.path.split(path)
    name = f"{base[:-3]}.{sys.implementation.cache_tag}-dxpy.pyc"
    if not sys.dont_write_bytecode:
        return os.path.join(d, "__pycache__", name)
    import hashlib
    key = hashlib.blake2b(os.path.abspath(path).encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    return os.path.join(_cache_root(), "rewritten", f"{key}-{name}")


def _read_pyc(path, st):
    """Rewritten code cached on disk (see _pyc_path); None when absent or stale."""
    global _STAMP
    try:
        with open(_pyc_path(path), "rb") as f:
            data = f.read()
    except OSError:
        return None
    if _STAMP is None:
        _STAMP = _rewriter_stamp()
    head = _STAMP + f"|{st.st_mtime_ns}|{st.st_size}|".encode()
    if not data.startswith(head):
        return None
    try:
        return marshal.loads(data[len(head):])
    except (ValueError, EOFError, TypeError):
        return None


def _write_pyc(path, st, code):
    """Writes the cache atomically; a read-only tree or any OS error just means no cache."""
    global _STAMP
    if _STAMP is None:
        _STAMP = _rewriter_stamp()
    target = _pyc_path(path)
    tmp = f"{target}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(_STAMP + f"|{st.st_mtime_ns}|{st.st_size}|".encode() + marshal.dumps(code))
        os.replace(tmp, target)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass


class RewritingLoader(importlib.abc.Loader):
    def __init__(self, name, path, finder):
        self.name = name
        self.path = path
        self.finder = finder

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        st = os.stat(self.path)
        if on_source is not None:
            on_source(self.path, st)
        key = os.path.normcase(os.path.abspath(self.path))
        cached = self.finder.code_cache.get(key)
        if cached is not None and cached[0] == (st.st_mtime_ns, st.st_size):
            code = cached[1]
        else:
            code = _read_pyc(self.path, st)
            if code is None:
                with open(self.path, "rb") as f:
                    source = f.read()
                code = compile_rewritten(source, self.path)
                _write_pyc(self.path, st, code)
            self.finder.code_cache[key] = ((st.st_mtime_ns, st.st_size), code)
        module.__file__ = self.path
        exec(code, module.__dict__)

    def get_source(self, name):
        with open(self.path, "rb") as f:
            return importlib.util.decode_source(f.read())

    def get_filename(self, name=None):
        return self.path

    def get_resource_reader(self, name):
        return None


_FINDER = None


def finder():
    global _FINDER
    if _FINDER is None:
        _FINDER = RewritingFinder()
        sys.meta_path.insert(0, _FINDER)
    return _FINDER


def module_name_for(path):
    """(basedir, dotted module name): basedir is the first directory upward without __init__.py."""
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    parts = [os.path.splitext(os.path.basename(path))[0]]
    if parts[0] == "__init__":
        parts = []
    while os.path.isfile(os.path.join(directory, "__init__.py")):
        parts.insert(0, os.path.basename(directory))
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return directory, ".".join(parts)


MODES = ("prepend", "append", "importlib")
_MODE = "prepend"
_ROOT = None
_NAMES = {}  # path -> module name, for files imported in importlib mode
_CACHES_FRESH = False  # importlib's directory caches invalidated once, at the first import_path


def set_mode(mode, rootdir):
    """pytest's --import-mode: prepend (default), append or importlib; rootdir anchors importlib's names."""
    global _MODE, _ROOT
    if mode not in MODES:
        raise ValueError(f"--import-mode must be one of {', '.join(MODES)}, got {mode!r}")
    _MODE = mode
    _ROOT = os.path.abspath(rootdir) if rootdir else None


def import_path(path, rewrite=True):
    """Import a file the way pytest's current import mode does and return the module."""
    path = os.path.abspath(path)
    if rewrite:
        finder().paths.add(os.path.normcase(path))
    if _MODE == "importlib":
        return _import_importlib(path, rewrite)
    basedir, name = module_name_for(path)
    if _MODE == "append":
        if basedir not in sys.path:
            sys.path.append(basedir)
    elif basedir not in sys.path:
        sys.path.insert(0, basedir)
    elif sys.path[0] != basedir:
        sys.path.remove(basedir)
        sys.path.insert(0, basedir)
    global _CACHES_FRESH
    if not _CACHES_FRESH:  # once: files made before the run, even in the tick the finders last listed them
        importlib.invalidate_caches()
        _CACHES_FRESH = True
    mod = None
    try:
        mod = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        # a finder's directory listing may predate a file made since, in the same mtime tick: list again and
        # retry (outside this handler: no chained traceback), only when the test module or a package above it
        # was not found, so none of its code ran
        if not exc.name or not (name == exc.name or name.startswith(exc.name + ".")):
            raise
    if mod is None:
        importlib.invalidate_caches()
        mod = importlib.import_module(name)
    mod_file = getattr(mod, "__file__", None) or ""
    if mod_file.endswith((".pyc", ".pyo")):
        mod_file = mod_file[:-1]
    if mod_file.endswith(os.sep + "__init__.py") and not path.endswith("__init__.py"):
        mod_file = mod_file
    if mod_file != path and os.path.normcase(os.path.realpath(mod_file)) != os.path.normcase(os.path.realpath(path)):
        raise ImportPathMismatch(name, mod_file, path)
    return mod


_CONFTESTS = {}  # path -> module: each conftest runs once per worker


def import_conftest(path):
    """Import a conftest.py once. Outside a package every conftest is module 'conftest': as pytest does, the
    cached one is dropped from sys.modules first, so nested conftests do not clash."""
    path = os.path.abspath(path)
    mod = _CONFTESTS.get(path)
    if mod is not None:
        return mod
    basedir, name = module_name_for(path)
    if basedir == os.path.dirname(path):
        sys.modules.pop(name, None)
    mod = import_path(path)
    _CONFTESTS[path] = mod
    return mod


def forget(path):
    """Drop a module from sys.modules so the next import_path re-executes it."""
    path = os.path.abspath(path)
    name = _NAMES.pop(path, None) or module_name_for(path)[1]
    sys.modules.pop(name, None)


def _import_importlib(path, rewrite):
    """pytest's importlib mode: sys.path untouched; the module's package name if its package root makes one,
    else a name made from its path relative to the rootdir (with empty parent modules inserted)."""
    basedir, name = module_name_for(path)
    if basedir != os.path.dirname(path):  # inside a package: its dotted name, if not taken
        if name in sys.modules:
            return sys.modules[name]
        mod = _exec_spec(name, path, rewrite)
        if mod is not None:
            _NAMES[path] = name
            return mod
    name = _name_from_path(path, _ROOT or os.path.dirname(path))
    if name in sys.modules:
        return sys.modules[name]
    mod = _exec_spec(name, path, rewrite)
    if mod is None:
        raise ImportError(f"Can't find module {name} at location {path}")
    _NAMES[path] = name
    _insert_missing(name)
    return mod


def _exec_spec(name, path, rewrite):
    parent_name, _, tail = name.rpartition(".")
    parent = None
    if parent_name:
        parent = sys.modules.get(parent_name)
        if parent is None or not hasattr(parent, "__path__"):
            pdir = os.path.dirname(os.path.dirname(path)) if os.path.basename(path) == "__init__.py" \
                else os.path.dirname(path)
            init = os.path.join(pdir, "__init__.py")
            parent = _exec_spec(parent_name, init if os.path.isfile(init) else pdir, False)
    if os.path.isdir(path):
        spec = importlib.machinery.ModuleSpec(name, None, is_package=True)
        spec.submodule_search_locations = [path]
    elif rewrite and os.path.normcase(path) in finder().paths:
        spec = importlib.util.spec_from_file_location(name, path, loader=RewritingLoader(name, path, finder()))
    else:
        spec = importlib.util.spec_from_file_location(name, path)
    if spec is None:
        return None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    try:
        if spec.loader is not None:
            spec.loader.exec_module(mod)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    if parent is not None:
        setattr(parent, tail, mod)
    return mod


def _name_from_path(path, root):
    """pytest's module_name_from_path: dotted path relative to root, '.' in parts turned into '_'."""
    stem = os.path.splitext(path)[0]
    rel = os.path.relpath(stem, root)
    parts = rel.split(os.sep) if not rel.startswith("..") else stem.split(os.sep)[1:]
    if len(parts) >= 2 and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(p.replace(".", "_") for p in parts)


def _insert_missing(name):
    """Empty parent modules for a made-up name, so that `import a.b.c` style lookups work, as pytest does."""
    import types
    parts = name.split(".")
    while len(parts) > 1:
        child = parts.pop()
        parent_name = ".".join(parts)
        parent = sys.modules.get(parent_name)
        if parent is None:
            try:
                parent = importlib.import_module(parent_name)
            except ImportError:
                parent = types.ModuleType(parent_name, "Empty module created by pytest's importmode=importlib.")
            sys.modules[parent_name] = parent
        if not hasattr(parent, child):
            setattr(parent, child, sys.modules[".".join(parts + [child])])
