"""Import of test modules and conftest files like pytest's `prepend` import mode, with their asserts
rewritten by a meta-path finder that handles only the files registered with it."""
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import marshal
import os
import sys

from .rewrite import compile_rewritten


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


def _pyc_path(path):
    d, base = os.path.split(path)
    return os.path.join(d, "__pycache__", f"{base[:-3]}.{sys.implementation.cache_tag}-dxpy.pyc")


def _read_pyc(path, st):
    """Rewritten code cached on disk next to the source, as pytest does; None when absent or stale."""
    global _STAMP
    if sys.dont_write_bytecode:
        return None
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
    if sys.dont_write_bytecode:
        return
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


def import_path(path, rewrite=True):
    """Import a file the way pytest's prepend mode does and return the module."""
    path = os.path.abspath(path)
    if rewrite:
        finder().paths.add(os.path.normcase(path))
    basedir, name = module_name_for(path)
    if basedir not in sys.path:
        sys.path.insert(0, basedir)
    elif sys.path[0] != basedir:
        sys.path.remove(basedir)
        sys.path.insert(0, basedir)
    importlib.invalidate_caches()
    mod = importlib.import_module(name)
    mod_file = getattr(mod, "__file__", None) or ""
    if mod_file.endswith((".pyc", ".pyo")):
        mod_file = mod_file[:-1]
    if mod_file.endswith(os.sep + "__init__.py") and not path.endswith("__init__.py"):
        mod_file = mod_file
    if os.path.normcase(os.path.realpath(mod_file)) != os.path.normcase(os.path.realpath(path)):
        raise ImportPathMismatch(name, mod_file, path)
    return mod


def forget(path):
    """Drop a module from sys.modules so the next import_path re-executes it."""
    _, name = module_name_for(path)
    sys.modules.pop(name, None)
