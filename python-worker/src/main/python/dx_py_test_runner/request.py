"""The `request` object, node and config shims, and fixture value resolution with scoped caching."""
import inspect
import os
import sys

from . import snapshots
from .fixtures import FUNCTION, SCOPES, Entry, FixtureLookupError, NOTSET, ScopeState
from .marks import Mark, normalize


class Config:
    """The part of pytest's Config that fixtures commonly use."""

    def __init__(self, rootdir, options=None, ini=None):
        from pathlib import Path
        self.rootpath = Path(rootdir)
        self.rootdir = self.rootpath
        self.inipath = None
        self._options = {"verbose": 0, "capture": "fd", "basetemp": None, "markexpr": "", "keyword": "",
                         "tbstyle": "auto", "assertmode": "rewrite", "usepdb": False, "exitfirst": False,
                         "maxfail": 0, "strict_markers": False, "collectonly": False, "showlocals": False}
        self._options.update(options or {})
        self._ini = dict(ini or {})
        self.option = type("Namespace", (), {})()
        for k, v in self._options.items():
            setattr(self.option, k, v)
        self.invocation_params = type("InvocationParams", (), {"args": (), "dir": self.rootpath})()
        self.args = []
        self.stash = {}
        self.cache = None

    def getoption(self, name, default=NOTSET, skip=False):
        key = name.lstrip("-").replace("-", "_")
        if key in self._options:
            return self._options[key]
        if default is not NOTSET:
            return default
        if skip:
            from .outcomes import skip as _skip
            _skip(f"no {name!r} option found")
        raise ValueError(f"no option named {name!r}")

    getvalue = getoption

    def getini(self, name):
        return self._ini.get(name, [] if name in ("markers", "python_files", "testpaths") else "")

    def get_verbosity(self, _type=None):
        return 0

    def addinivalue_line(self, name, line):
        self._ini.setdefault(name, []).append(line)


class Node:
    """What request.node offers: name, nodeid, markers, keywords, paths."""

    def __init__(self, item):
        self._item = item
        self.name = item.name
        self.nodeid = item.nodeid
        self.originalname = item.originalname
        self.user_properties = []
        self.extra_keyword_matches = set()
        self.stash = {}

    @property
    def own_markers(self):
        return list(self._item.marks)

    @property
    def keywords(self):
        kw = {self.name: True}
        for m in self._item.marks:
            kw[m.name] = m
        return kw

    def iter_markers(self, name=None):
        return (m for m in self._item.marks if name is None or m.name == name)

    def get_closest_marker(self, name, default=None):
        return next(self.iter_markers(name), default)

    def add_marker(self, marker, append=True):
        m = normalize(marker) if not isinstance(marker, str) else Mark(marker)
        if append:
            self._item.marks.append(m)
        else:
            self._item.marks.insert(0, m)

    @property
    def function(self):
        return self._item.func

    @property
    def obj(self):
        return self._item.func

    @property
    def cls(self):
        return self._item.cls

    @property
    def module(self):
        return self._item.module

    @property
    def path(self):
        from pathlib import Path
        return Path(self._item.path)

    @property
    def fspath(self):
        return self.path

    @property
    def callspec(self):
        return self._item.callspec_obj()

    @property
    def config(self):
        return self._item.session_config

    @property
    def session(self):
        return None

    def listchain(self):
        return [self]

    def __repr__(self):
        return f"<Function {self.name}>"


class Request:
    """pytest's FixtureRequest / SubRequest in one class."""

    def __init__(self, run, fdef=None, param=NOTSET, param_index=0, entry=None):
        self._run = run
        self._fdef = fdef
        self._entry = entry
        if param is not NOTSET:
            self.param = param
            self.param_index = param_index

    @property
    def fixturename(self):
        return self._fdef.name if self._fdef else None

    @property
    def scope(self):
        return self._fdef.scope if self._fdef else "function"

    @property
    def node(self):
        return self._run.node

    @property
    def config(self):
        return self._run.item.session_config

    @property
    def function(self):
        return self._run.item.func

    @property
    def cls(self):
        return self._run.item.cls

    @property
    def instance(self):
        return self._run.instance

    @property
    def module(self):
        return self._run.item.module

    @property
    def path(self):
        return self.node.path

    @property
    def keywords(self):
        return self.node.keywords

    @property
    def fixturenames(self):
        return list(self._run.item.fixturenames)

    @property
    def session(self):
        return None

    def addfinalizer(self, fn):
        if self._entry is not None:
            self._entry.finalizers.append(fn)
        else:
            self._run.manager.states[FUNCTION].finalizers.append(fn)

    def applymarker(self, marker):
        self.node.add_marker(marker)

    def getfixturevalue(self, name):
        return self._run.getfixturevalue(name, self._fdef, self._entry)

    def raiseerror(self, msg):
        raise FixtureLookupError(msg, self._run.item.chain)

    def __repr__(self):
        return f"<FixtureRequest for {self._run.node!r}>"


class FixtureManager:
    """Per-session caches by scope; teardown when a scope's key changes."""

    def __init__(self):
        self.states = [ScopeState() for _ in SCOPES]
        self.errors = []

    def switch(self, keys):
        """Tear down every scope whose key differs from keys (innermost first), then adopt keys."""
        states = self.states
        if states[0].key == keys[0] and states[1].key == keys[1] and states[2].key == keys[2] \
                and states[3].key == keys[3]:  # the common case: the same class (or module) as the last test
            if states[4].key == keys[4]:
                return
            first = 4
        else:
            first = next(i for i in range(4) if states[i].key != keys[i])
        for i in range(len(SCOPES) - 1, first - 1, -1):
            self.teardown_scope(i)
        for i in range(first, len(SCOPES)):
            self.states[i].key = keys[i]

    def teardown_scope(self, i):
        state = self.states[i]
        if not state.entries and not state.finalizers:  # the common case for the function scope
            state.key = None
            return
        for entry in reversed(list(state.entries.values())):
            self.finish(entry)
        state.entries.clear()
        fins = state.finalizers
        state.finalizers = []
        for fn in reversed(fins):
            self._call(fn)
        state.key = None

    def finish(self, entry):
        if entry.done:
            return
        entry.done = True
        for dep in reversed(entry.dependents):
            self.finish(dep)
        for fn in reversed(entry.finalizers):
            self._call(fn)
        entry.finalizers = []
        if entry.state.entries.get(entry.fdef) is entry:
            del entry.state.entries[entry.fdef]

    def _call(self, fn):
        try:
            fn()
        except BaseException:
            self.errors.append(sys.exc_info())

    def take_errors(self):
        errs = self.errors
        self.errors = []
        return errs


def _finish_generator(gen, name):
    def fin():
        try:
            next(gen)
        except StopIteration:
            return
        raise ValueError(f"fixture function has more than one 'yield': {name}")
    return fin


def _finish_async_generator(agen, name):
    def fin():
        async def step():
            try:
                await agen.__anext__()
            except StopAsyncIteration:
                return
            raise ValueError(f"fixture function has more than one 'yield': {name}")
        import asyncio  # here, not at the top: ~20 ms of a worker's start
        asyncio.run(step())
    return fin


class ItemRun:
    """Resolution of fixture values for one test execution."""

    __slots__ = ("item", "manager", "instance", "_node", "_request")

    def __init__(self, item, manager, instance):
        self.item = item
        self.manager = manager
        self.instance = instance
        self._node = self._request = None  # made when first asked for: most tests never ask
        relpath, _, name = item.nodeid.partition("::")
        snapshots.set_current_test(item.session_config.rootdir, relpath, name)

    @property
    def node(self):
        node = self._node
        if node is None:
            node = self._node = Node(self.item)
        return node

    @property
    def request(self):
        request = self._request
        if request is None:
            request = self._request = Request(self)
        return request

    def getfixturevalue(self, name, requester=None, requester_entry=None):
        item = self.item
        if name == "request":
            if requester is None:
                return self.request
            return requester_entry._request if requester_entry is not None and hasattr(requester_entry, "_request") else self.request
        if name in item.direct:
            return item.direct[name]
        defs = item.chain.defs_for(name)
        if requester is not None and requester.name == name:
            idx = defs.index(requester) if requester in defs else len(defs)
            defs = defs[:idx]
        if not defs:
            raise FixtureLookupError(name, item.chain, requester.name if requester else None)
        fdef = defs[-1]
        state = self.manager.states[fdef.scope_idx]
        if fdef.name in item.indirect:
            param, pindex = item.indirect[fdef.name]
            key = pindex
        else:
            param, pindex, key = NOTSET, 0, None
        entry = state.entries.get(fdef)
        if entry is not None:
            if entry.param_key == key:
                if requester_entry is not None:
                    entry.dependents.append(requester_entry)
                if entry.exc is not None:
                    raise entry.exc[1].with_traceback(entry.exc[2])
                return entry.value
            self.manager.finish(entry)
        entry = Entry(fdef, key, state)
        state.entries[fdef] = entry
        if requester_entry is not None:
            entry.dependents.append(requester_entry)
        try:
            kwargs = {}
            for arg in fdef.argnames:
                if arg == "request":  # the fixture's own request object, made only for a fixture that takes it
                    kwargs[arg] = Request(self, fdef, param, pindex, entry)
                else:
                    kwargs[arg] = self.getfixturevalue(arg, fdef, entry)
            func = fdef.func
            if fdef.owner_cls is not None:
                inst = self.instance if isinstance(self.instance, fdef.owner_cls) else None
                if inst is None:
                    inst = _new_instance(fdef.owner_cls)
                func = func.__get__(inst, type(inst))
            if fdef.is_gen:
                if inspect.isasyncgenfunction(fdef.func):
                    agen = func(**kwargs)
                    import asyncio  # here, not at the top: ~20 ms of a worker's start
                    value = asyncio.run(agen.__anext__())
                    entry.finalizers.insert(0, _finish_async_generator(agen, fdef.name))
                else:
                    gen = func(**kwargs)
                    value = next(gen)
                    entry.finalizers.insert(0, _finish_generator(gen, fdef.name))
            elif fdef.cache:
                value = _cached_value(self.item, fdef, func, kwargs)
            else:
                value = func(**kwargs)
                if inspect.iscoroutine(value):
                    import asyncio  # here, not at the top: ~20 ms of a worker's start
                    value = asyncio.run(value)
            entry.value = value
            return value
        except BaseException:
            entry.exc = sys.exc_info()
            raise


def _cached_value(item, fdef, func, kwargs):
    from . import fixture_cache
    rootdir = item.session_config.rootdir
    key = fixture_cache.key_for(fdef, item.chain, rootdir)
    return fixture_cache.load_or_create(rootdir, fdef.name, key, lambda: func(**kwargs))


def _new_instance(cls):
    try:
        return cls()
    except TypeError:
        return cls.__new__(cls)
