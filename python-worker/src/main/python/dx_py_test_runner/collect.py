"""Collection of test items from an imported module object, with pytest's rules and node ids."""
import fnmatch
import inspect
import sys

from . import fixtures as fx
from .ids import NOTSET, make_ids
from .marks import Mark, ParamSet, class_marks, extract_paramset, own_marks

_FunctionType = type(lambda: None)

IGNORED = frozenset({"__dict__", "__weakref__", "__module__", "__doc__", "__qualname__", "__firstlineno__",
                     "__static_attributes__", "__annotations__", "__init__", "__new__", "__class__"})


_MATCHED = {}  # (name, *patterns) -> bool: the same names come back in every module


def matches(name, patterns):
    key = (name, *patterns)
    got = _MATCHED.get(key)
    if got is None:
        got = _MATCHED[key] = _matches(name, patterns)
    return got


def _matches(name, patterns):
    for p in patterns:
        if name.startswith(p):
            return True
        if ("*" in p or "?" in p or "[" in p) and fnmatch.fnmatch(name, p):
            return True
    return False


class Item:
    __slots__ = ("nodeid", "name", "originalname", "base_id", "func", "cls", "module", "path", "chain",
                 "marks", "direct", "indirect", "callspec_id", "fixturenames", "argnames", "kind",
                 "class_key", "package_key", "session_config", "is_method", "ut_method", "is_coro")

    def callspec_obj(self):
        params = dict(self.direct)
        params.update({k: v for k, (v, _) in self.indirect.items()})
        return type("CallSpec", (), {"params": params, "id": self.callspec_id})()

    def __repr__(self):
        return f"<Item {self.nodeid}>"


class Collector:
    """Collects one module: functions, Test classes (nested), unittest.TestCase subclasses."""

    def __init__(self, cfg, module, relpath, abspath, chain, package_key, config):
        self.cfg = cfg
        self.module = module
        self.relpath = relpath
        self.abspath = abspath
        self.chain = chain
        self.package_key = package_key
        self.config = config
        self.module_marks = own_marks(module)
        self.items = []
        self._hooks = {}  # chain -> the pytest_generate_tests hooks of a function outside a class with its own

    def collect(self):
        self._collect_namespace([self.module.__dict__], self.relpath, None, [], self.chain)
        return self.items

    def _collect_namespace(self, dicts, prefix, cls, outer_marks, chain):
        seen = set()
        per_dict = []
        for dic in dicts:
            found = []
            for name, obj in list(dic.items()):
                if name in IGNORED or name in seen:
                    continue
                seen.add(name)
                found.append((name, obj))
            per_dict.append(found)
        for found in reversed(per_dict):
            for name, obj in found:
                self._make(name, obj, prefix, cls, outer_marks, chain)

    def _make(self, name, obj, prefix, cls, outer_marks, chain):
        try:  # a proxy (werkzeug's LocalProxy for flask.request, ...) raises for its __class__ outside a context
            is_class = isinstance(obj, type)
        except Exception:
            return
        if is_class:
            try:
                is_case = issubclass(obj, sys.modules["unittest"].TestCase)
            except Exception:
                is_case = False
            if is_case:
                if _safe_getattr(obj, "__test__", True):
                    self._collect_unittest(name, obj, prefix, outer_marks, chain)
                return
            if not (matches(name, self.cfg.python_classes) or _safe_getattr(obj, "__test__", False) is True):
                return
            if inspect.isabstract(obj) or not _safe_getattr(obj, "__test__", True):
                return
            if obj.__init__ is not object.__init__ or obj.__new__ is not object.__new__:
                return
            marks = class_marks(obj) + outer_marks
            layer = _class_layer(f"{prefix}::{name}", obj)
            _add_xunit_class(layer, obj)
            # the class's own dict once (it also heads its __mro__) and not object's: no name there makes an item
            dicts = [obj.__dict__] + [b.__dict__ for b in obj.__mro__ if b is not obj and b is not object]
            self._collect_namespace(dicts, f"{prefix}::{name}", obj, marks, chain.extend(layer))
            return
        if not (matches(name, self.cfg.python_functions) or _safe_getattr(obj, "__test__", False) is True):
            return
        raw = obj
        if isinstance(obj, (staticmethod, classmethod)):
            obj = obj.__func__
        if not callable(obj) or fx.fixture_info(obj) is not None:
            return
        if not (type(obj) is _FunctionType and "__wrapped__" not in obj.__dict__) \
                and not inspect.isfunction(inspect.unwrap(obj)):  # a plain function unwraps to itself
            return
        if not _safe_getattr(obj, "__test__", True):
            return
        is_method = cls is not None and not isinstance(raw, staticmethod)
        self._gen_functions(name, obj, prefix, cls, outer_marks, chain, is_method)

    def _gen_functions(self, name, func, prefix, cls, outer_marks, chain, is_method):
        fmarks = own_marks(func)
        marks = fmarks + outer_marks + self.module_marks
        argnames = fx.getfuncargnames(func, is_method=is_method)
        base_id = f"{prefix}::{name}"
        usefix = []
        pmarks_of_func = []
        for m in marks:
            if m.name == "usefixtures":
                usefix.extend(m.args)
            elif m.name == "parametrize":
                pmarks_of_func.append(m)
        calls = [(dict(), dict(), [], [])]  # direct, indirect, idlist, marks
        direct_names = set()
        for m in pmarks_of_func:
            argn, _, indirect = _parse_parametrize(m)
            direct_names.update(a for a in argn if not _is_indirect(a, indirect))
        initial = _dedup(chain.autousenames, tuple(usefix), argnames)
        names = _closure(chain, initial, direct_names)
        hooks = self._generate_tests_hooks(cls, chain)
        if hooks:
            metafunc = Metafunc(self, func, cls, names, marks, base_id)
            for hook in hooks:
                hook(metafunc)
            calls = metafunc.calls
            if metafunc.direct_names:
                direct_names |= metafunc.direct_names
                names = _closure(chain, initial, direct_names)
        parametrized = set()
        for m in pmarks_of_func:
            parametrized.update(_parse_parametrize(m)[0])
        for argname in names:
            defs = chain.defs_for(argname)
            if not defs or argname in parametrized or any(
                    argname in c[0] or argname in c[1] for c in calls):
                continue
            for fdef in reversed(defs):
                if fdef.params is not None:
                    calls = self._apply(calls, (argname,), [extract_paramset(p, 1, True) for p in fdef.params],
                                        fdef.ids, {argname}, base_id)
                    break
                if argname not in fdef.argnames:
                    break
        for m in pmarks_of_func:
            calls = self._parametrize(calls, m, func, base_id)
        for direct, indirect, idlist, pmarks in calls:
            item = Item()
            item.originalname = name
            item.name = f"{name}[{'-'.join(idlist)}]" if idlist else name
            item.nodeid = f"{prefix}::{item.name}"
            item.callspec_id = "-".join(idlist)
            item.base_id = base_id
            item.func = func
            item.cls = cls
            item.module = self.module
            item.path = self.abspath
            item.chain = chain
            # fresh Mark objects per item (request.node can change a mark's kwargs): the first item takes the
            # ones read above, which nothing else keeps
            own = fmarks if fmarks is not None else own_marks(func)
            fmarks = None
            item.marks = own + pmarks + outer_marks + self.module_marks
            item.direct = direct
            item.indirect = indirect
            item.fixturenames = names
            item.argnames = argnames
            item.kind = "function"
            item.class_key = prefix if cls is not None else None
            item.package_key = self.package_key
            item.session_config = self.config
            item.is_method = is_method
            item.ut_method = None
            item.is_coro = None  # inspect.iscoroutinefunction(func), once the item first runs
            self.items.append(item)

    def _generate_tests_hooks(self, cls, chain):
        if cls is None or not hasattr(cls, "pytest_generate_tests"):
            # the module's and the conftests' hooks only: the same for every function under this chain
            hooks = self._hooks.get(chain)
            if hooks is None:
                hooks = self._hooks[chain] = self._find_generate_tests_hooks(None, chain)
            return hooks
        return self._find_generate_tests_hooks(cls, chain)

    def _find_generate_tests_hooks(self, cls, chain):
        hooks = []
        if cls is not None and hasattr(cls, "pytest_generate_tests"):
            try:
                hooks.append(cls().pytest_generate_tests)
            except Exception:
                pass
        mod_hook = getattr(self.module, "pytest_generate_tests", None)
        if mod_hook is not None:
            hooks.append(mod_hook)
        for layer in reversed(chain.layers):
            if layer.generate_tests is not None:
                hooks.append(layer.generate_tests)
        return hooks

    def _parametrize(self, calls, mark, func, base_id):
        argnames, argvalues, indirect = _parse_parametrize(mark)
        ids = mark.kwargs.get("ids")
        force_tuple = len(argnames) == 1
        paramsets = [extract_paramset(v, len(argnames), force_tuple) for v in argvalues]
        if not paramsets:
            reason = f"got empty parameter set for ({', '.join(argnames)})"
            paramsets = [ParamSet((NOTSET,) * len(argnames), [Mark("skip", (), {"reason": reason})], "NOTSET")]
        indirect_names = {a for a in argnames if _is_indirect(a, indirect)}
        return self._apply(calls, argnames, paramsets, ids, indirect_names, base_id)

    def _apply(self, calls, argnames, paramsets, ids, indirect_names, base_id):
        if ids is not None and not callable(ids):
            ids = list(ids)
        idlist = make_ids(argnames, paramsets, ids, base_id)
        out = []
        for direct, indirect, ids_so_far, pmarks in calls:
            for index, (pid, ps) in enumerate(zip(idlist, paramsets)):
                d = dict(direct)
                ind = dict(indirect)
                for a, v in zip(argnames, ps.values):
                    if a in indirect_names:
                        ind[a] = (v, index)
                    else:
                        d[a] = v
                out.append((d, ind, ids_so_far + [pid], pmarks + [m for m in ps.marks if m is not None]))
        return out

    def _collect_unittest(self, name, cls, prefix, outer_marks, chain):
        import unittest
        marks = class_marks(cls) + outer_marks
        layer = _class_layer(f"{prefix}::{name}", cls)
        _add_unittest_class_fixture(layer, cls)
        cchain = chain.extend(layer)
        names = _test_case_names(unittest.TestLoader(), cls)
        if not names and getattr(cls, "runTest", None) is not None:
            names = ["runTest"]
        for meth in names:
            func = getattr(cls, meth)
            if not getattr(func, "__test__", True):
                continue
            item = Item()
            item.originalname = meth
            item.name = meth
            item.nodeid = f"{prefix}::{name}::{meth}"
            item.base_id = item.nodeid
            item.callspec_id = ""
            item.func = func
            item.cls = cls
            item.module = self.module
            item.path = self.abspath
            item.chain = cchain
            item.marks = own_marks(func) + marks + self.module_marks
            usefix = tuple(a for m in item.marks if m.name == "usefixtures" for a in m.args)
            item.direct = {}
            item.indirect = {}
            item.fixturenames = fx.closure(cchain, _dedup(cchain.autousenames, usefix, ()), set())
            item.argnames = ()
            item.kind = "unittest"
            item.class_key = f"{prefix}::{name}"
            item.package_key = self.package_key
            item.session_config = self.config
            item.is_method = True
            item.ut_method = meth
            item.is_coro = None
            self.items.append(item)


class Metafunc:
    """What pytest_generate_tests hooks receive: names, markers, and parametrize()."""

    def __init__(self, collector, func, cls, names, marks, base_id):
        self._collector = collector
        self.function = func
        self.cls = cls
        self.module = collector.module
        self.config = collector.config
        self.fixturenames = list(names)
        self._marks = marks
        self._base_id = base_id
        self.calls = [(dict(), dict(), [], [])]
        self.direct_names = set()
        self.definition = self

    def iter_markers(self, name=None):
        return (m for m in self._marks if name is None or m.name == name)

    def get_closest_marker(self, name, default=None):
        return next(self.iter_markers(name), default)

    def parametrize(self, argnames, argvalues, indirect=False, ids=None, scope=None):
        m = Mark("parametrize", (argnames, argvalues), {"indirect": indirect, "ids": ids})
        argn = _parse_parametrize(m)[0]
        self.direct_names.update(a for a in argn if not _is_indirect(a, indirect))
        self.calls = self._collector._parametrize(self.calls, m, self.function, self._base_id)


def _closure(chain, initial, direct_names):
    """fx.closure memoized on the chain: functions of a module or class mostly ask for the same names. The
    list is shared by their items, which only read it (Request.fixturenames hands out a copy)."""
    key = (initial, frozenset(direct_names))
    got = chain.closures.get(key)
    if got is None:
        got = chain.closures[key] = fx.closure(chain, initial, direct_names)
    return got


def _test_case_names(loader, cls):
    """loader.getTestCaseNames(cls), with dir()'s names not starting with the prefix dropped before its
    per-name checks (it rejects them anyway); a loader whose method is replaced is asked itself."""
    method = type(loader).getTestCaseNames
    if getattr(method, "__module__", None) != "unittest.loader" or method.__qualname__ != "TestLoader.getTestCaseNames":
        return loader.getTestCaseNames(cls)
    import functools
    from fnmatch import fnmatchcase
    prefix = loader.testMethodPrefix
    patterns = loader.testNamePatterns
    names = []
    for attr in _prefixed_dir(cls, prefix):
        if not callable(getattr(cls, attr)):
            continue
        if patterns is not None:
            full = "%s.%s.%s" % (cls.__module__, cls.__qualname__, attr)
            if not any(fnmatchcase(full, p) for p in patterns):
                continue
        names.append(attr)
    if loader.sortTestMethodsUsing:
        names.sort(key=functools.cmp_to_key(loader.sortTestMethodsUsing))
    return names


def _prefixed_dir(cls, prefix):
    """The names of dir(cls) that start with prefix, in dir()'s (sorted) order. dir() of a class whose metaclass
    keeps type.__dir__ is the sorted union of its MRO's __dict__ keys: the standard library's classes (object,
    unittest's TestCase, some 90 names) are scanned once per prefix, not once per test class."""
    if type(cls).__dir__ is not type.__dir__:
        return [a for a in dir(cls) if a.startswith(prefix)]
    found = set()
    for klass in cls.__mro__:
        if klass is object or _is_stdlib_case(klass):
            names = _STDLIB_PREFIXED.get((klass, prefix))
            if names is None:
                names = _STDLIB_PREFIXED[(klass, prefix)] = tuple(a for a in klass.__dict__ if a.startswith(prefix))
            found.update(names)
        else:
            found.update(a for a in klass.__dict__ if a.startswith(prefix))
    return sorted(found)


_STDLIB_PREFIXED = {}  # (object or a unittest TestCase class, prefix) -> its own names starting with prefix


def _is_stdlib_case(klass):
    """unittest's own TestCase classes (TestCase, FunctionTestCase, IsolatedAsyncioTestCase): their dicts never
    change and hold neither tests nor fixtures."""
    mod = klass.__module__
    return (mod == "unittest.case" or mod == "unittest.async_case") and \
        getattr(sys.modules.get(mod), klass.__name__, None) is klass


def _class_namespace(cls):
    ns = {}
    for klass in reversed(cls.__mro__):
        if klass is object:
            continue
        ns.update(klass.__dict__)
    return ns


def _class_layer(label, cls):
    """The fixtures of a class's namespace. Values that are unittest's own TestCase attributes (some 90 names in
    every TestCase subclass's namespace) are no fixtures: skipped without a look."""
    stdlib = None
    for klass in cls.__mro__:
        if _is_stdlib_case(klass):
            stdlib = klass.__dict__ if stdlib is None else {**klass.__dict__, **stdlib}
    return fx.layer_from_namespace(label, _class_namespace(cls), owner_cls=cls, known_plain=stdlib)


def _dedup(*seqs):
    out = []
    seen = set()
    for seq in seqs:
        for n in seq:
            if n not in seen:
                seen.add(n)
                out.append(n)
    return tuple(out)


# argvalues given as an iterator (a generator function's result, as jmespath's suite does): read once, kept here by
# the iterator's id (the entry holds the iterator, so the id stays its own); each mark is parsed several times
_MATERIALIZED = {}


def _safe_getattr(obj, name, default):
    """getattr that takes any exception for the default, as pytest's safe_getattr: a module-level proxy such as
    flask's `request` raises RuntimeError outside a request for every attribute."""
    try:
        return getattr(obj, name, default)
    except Exception:
        return default


def _parse_parametrize(mark):
    args = list(mark.args)
    kw = mark.kwargs
    argnames = kw["argnames"] if "argnames" in kw else args.pop(0)
    argvalues = kw["argvalues"] if "argvalues" in kw else (args.pop(0) if args else [])
    indirect = kw.get("indirect", False)
    if isinstance(argnames, str):
        argnames = [x.strip() for x in argnames.split(",") if x.strip()]
    if iter(argvalues) is argvalues:  # an iterator: a second list() of it would be empty
        got = _MATERIALIZED.get(id(argvalues))
        if got is None:
            got = _MATERIALIZED[id(argvalues)] = (argvalues, list(argvalues))
        return tuple(argnames), list(got[1]), indirect
    return tuple(argnames), list(argvalues), indirect


def _is_indirect(name, indirect):
    if isinstance(indirect, bool):
        return indirect
    return name in indirect


def _first_func(obj, names):
    for n in names:
        meth = getattr(obj, n, None)
        if meth is not None and fx.fixture_info(meth) is None:
            return meth
    return None


def _call_optional_arg(func, arg):
    try:
        nargs = len(fx.getfuncargnames(func)) if not inspect.ismethod(func) else len(
            fx.getfuncargnames(func.__func__)) - 1
    except Exception:
        nargs = 0
    if nargs >= 1 or (not inspect.ismethod(func) and inspect.signature(func).parameters):
        try:
            return func(arg)
        except TypeError:
            return func()
    return func()


def _add_xunit_class(layer, cls):
    setup_class = _first_func(cls, ("setup_class",))
    teardown_class = _first_func(cls, ("teardown_class",))
    if setup_class or teardown_class:
        def xunit_class():
            if setup_class is not None:
                _call_optional_arg(setup_class, cls)
            yield
            if teardown_class is not None:
                _call_optional_arg(teardown_class, cls)
        _prepend(layer, fx.FixtureDef(f"_xunit_setup_class_fixture_{cls.__qualname__}", xunit_class,
                                      fx.FixtureMarker("class", autouse=True)))
    setup_method = _first_func(cls, ("setup_method",))
    teardown_method = _first_func(cls, ("teardown_method",))
    if setup_method or teardown_method:
        def xunit_method(request):
            inst = request.instance
            meth = request.function
            if setup_method is not None:
                _call_optional_arg(getattr(inst, "setup_method"), meth)
            yield
            if teardown_method is not None:
                _call_optional_arg(getattr(inst, "teardown_method"), meth)
        _prepend(layer, fx.FixtureDef(f"_xunit_setup_method_fixture_{cls.__qualname__}", xunit_method,
                                      fx.FixtureMarker("function", autouse=True)))


def add_xunit_module(layer, module):
    setup_module = _first_func(module, ("setUpModule", "setup_module"))
    teardown_module = _first_func(module, ("tearDownModule", "teardown_module"))
    defs = []
    if setup_module or teardown_module:
        def xunit_module():
            if setup_module is not None:
                _call_optional_arg(setup_module, module)
            yield
            if teardown_module is not None:
                _call_optional_arg(teardown_module, module)
        defs.append(fx.FixtureDef(f"_xunit_setup_module_fixture_{module.__name__}", xunit_module,
                                  fx.FixtureMarker("module", autouse=True)))
    setup_function = _first_func(module, ("setup_function",))
    teardown_function = _first_func(module, ("teardown_function",))
    if setup_function or teardown_function:
        def xunit_function(request):
            if request.instance is not None:
                yield
                return
            if setup_function is not None:
                _call_optional_arg(setup_function, request.function)
            yield
            if teardown_function is not None:
                _call_optional_arg(teardown_function, request.function)
        defs.append(fx.FixtureDef(f"_xunit_setup_function_fixture_{module.__name__}", xunit_function,
                                  fx.FixtureMarker("function", autouse=True)))
    for d in reversed(defs):
        _prepend(layer, d)


def _prepend(layer, fdef):
    fdef.layer = layer
    layer.defs = {fdef.name: fdef, **layer.defs}
    layer.autouse.insert(0, fdef.name)


def _add_unittest_class_fixture(layer, cls):
    setup = getattr(cls, "setUpClass", None)
    teardown = getattr(cls, "tearDownClass", None)
    if setup is None and teardown is None:
        return

    def unittest_class():
        import unittest
        if _is_skipped(cls):
            reason = cls.__unittest_skip_why__
            raise unittest.SkipTest(reason)
        if setup is not None:
            try:
                setup()
            except Exception:
                cleanup = getattr(cls, "doClassCleanups", None)
                if cleanup:
                    cleanup()
                raise
        yield
        try:
            if teardown is not None:
                teardown()
        finally:
            cleanup = getattr(cls, "doClassCleanups", None)
            if cleanup:
                cleanup()
    _prepend(layer, fx.FixtureDef(f"_unittest_setUpClass_fixture_{cls.__qualname__}", unittest_class,
                                  fx.FixtureMarker("class", autouse=True)))


def _is_skipped(obj):
    return bool(getattr(obj, "__unittest_skip__", False))
