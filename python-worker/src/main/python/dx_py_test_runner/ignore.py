"""pytest's ``collect_ignore`` / ``collect_ignore_glob`` conftest variables, evaluated by importing the conftests.

Discovery reads literal lists without running Python; a conftest that computes them (``if sys.version_info
...: collect_ignore.append(...)``) is only known here. As in pytest's ``pytest_ignore_collect``, every path
from the rootdir down to the file is checked against the nearest conftest (in the path's parent directory or
above) that defines the variable; entries are relative to that conftest's directory, globs match with
``fnmatch`` on the absolute path."""
import fnmatch
import os

from .importer import import_conftest


class ConftestIgnores:
    def __init__(self, rootdir):
        self.rootdir = os.path.abspath(rootdir)
        self._modules = {}  # conftest path -> module, or None when absent or not importable
        self._chains = {}  # directory -> _chain(directory): decided by _modules, which never changes an entry

    def why(self, abspath):
        """'<conftest> collect_ignore[_glob]' when pytest would not collect abspath, else None."""
        abspath = os.path.abspath(abspath)
        root = self.rootdir
        prefix = os.path.join(root, "")
        if not abspath.startswith(prefix):
            return None
        rel = abspath[len(prefix):].split(os.sep)  # both normalized by abspath: what os.path.relpath gives
        path = root
        for part in rel:
            parent, path = path, os.path.join(path, part)
            hit = self._check(path, parent)
            if hit:
                return hit
        return None

    def _check(self, path, parent):
        mods = self._chain(parent)
        for name in ("collect_ignore", "collect_ignore_glob"):
            for conf, mod in reversed(mods):
                if not hasattr(mod, name):
                    continue
                base = os.path.dirname(conf)
                for entry in getattr(mod, name) or ():
                    target = os.path.abspath(os.path.join(base, os.fspath(entry).replace("/", os.sep)))
                    if (target == path) if name == "collect_ignore" else fnmatch.fnmatch(path, target):
                        return f"{os.path.relpath(conf, self.rootdir)} {name}"
                break  # the nearest conftest that defines the name decides
        return None

    def _chain(self, directory):
        """(path, module) of the importable conftests from the rootdir down to directory."""
        got = self._chains.get(directory)
        if got is None:
            got = self._chains[directory] = self._find_chain(directory)
        return got

    def _find_chain(self, directory):
        out = []
        d = directory
        dirs = []
        while True:
            dirs.append(d)
            if d == self.rootdir:
                break
            parent = os.path.dirname(d)
            if parent == d:
                break
            d = parent
        for d in reversed(dirs):
            conf = os.path.join(d, "conftest.py")
            if conf not in self._modules:
                mod = None
                if os.path.isfile(conf):
                    try:
                        mod = import_conftest(conf)
                    except KeyboardInterrupt:
                        raise
                    except BaseException:
                        mod = None  # the file's own collection reports the conftest's error
                self._modules[conf] = mod
            if self._modules[conf] is not None:
                out.append((conf, self._modules[conf]))
        return out
