"""Fixture definitions, lookup through layers (builtins, conftests, module, classes), closures,
per-scope caching with teardown in reverse order, and the `request` object."""
import inspect
import sys

SCOPES = ("session", "package", "module", "class", "function")
SCOPE_INDEX = {s: i for i, s in enumerate(SCOPES)}
FUNCTION = 4


class FixtureMarker:
    """What @fixture said: scope, params, autouse, ids, name, cache (dx.fixture only)."""
    __slots__ = ("scope", "params", "autouse", "ids", "name", "cache")

    def __init__(self, scope="function", params=None, autouse=False, ids=None, name=None, cache=False):
        self.cache = cache
        self.scope = scope
        self.params = tuple(params) if params is not None else None
        self.autouse = autouse
        self.ids = ids
        self.name = name


def fixture(fixture_function=None, *, scope="function", params=None, autouse=False, ids=None, name=None,
            cache=False):
    """dx.fixture: pytest.fixture's signature plus cache=True (value stored under .dxpy/fixtures/ and
    memory-mapped on reuse, see fixture_cache)."""
    marker = FixtureMarker(scope, params, autouse, ids, name, cache)

    def deco(fn):
        if cache and (inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn)
                      or inspect.iscoroutinefunction(fn)):
            raise TypeError(f"fixture '{name or fn.__name__}': cache=True needs a plain function that returns "
                            "its value (a cached value has no teardown); use return instead of yield/async")
        fn._dxpy_fixture = marker
        return fn
    if fixture_function is not None:
        return deco(fixture_function)
    return deco


_FunctionType = type(lambda: None)


def fixture_info(obj):
    """Return (function, FixtureMarker) if obj is a fixture (pytest 9, older pytest, or ours), else None."""
    if type(obj) is _FunctionType and not obj.__dict__:  # a plain function without attributes: no marker
        return None
    try:
        return _fixture_info(obj)
    except Exception:  # an object that raises for its attributes or __class__ (a proxy): not a fixture
        return None


def _fixture_info(obj):
    tname = type(obj).__name__
    if tname == "FixtureFunctionDefinition":
        m = obj._fixture_function_marker
        func = obj._get_wrapped_function() if hasattr(obj, "_get_wrapped_function") else obj._fixture_function
        return func, FixtureMarker(m.scope, m.params, m.autouse, m.ids, m.name)
    if isinstance(obj, (staticmethod, classmethod)):
        return None
    try:
        marker = obj.__dict__.get("_dxpy_fixture") if hasattr(obj, "__dict__") else None
    except Exception:
        marker = None
    if marker is not None:
        return obj, marker
    try:
        old = getattr(obj, "_pytestfixturefunction", None)
    except Exception:
        old = None
    if old is not None and hasattr(old, "scope"):
        wrapped = getattr(obj, "__pytest_wrapped__", None)
        func = wrapped.obj if wrapped is not None else obj
        return func, FixtureMarker(old.scope, old.params, old.autouse, old.ids, old.name)
    return None


def getfuncargnames(func, is_method=False):
    """Names of the parameters without default values (minus self), like pytest's getfuncargnames."""
    names = _plain_argnames(func)
    if names is None:
        try:
            params = inspect.signature(func).parameters
        except (ValueError, TypeError):
            return ()
        names = tuple(p.name for p in params.values()
                      if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.default is p.empty)
    if is_method and names:
        names = names[1:]
    patchings = getattr(func, "patchings", None)
    if patchings:
        n = len([p for p in patchings if not p.attribute_name and p.new is getattr(sys.modules.get("unittest.mock"), "DEFAULT", None)])
        names = names[n:]
    return names




def _plain_argnames(func):
    """The same names read straight from the code object of a plain, unwrapped function (the common case,
    several times cheaper than inspect.signature); None for anything else."""
    if type(func) is not _FunctionType or "__wrapped__" in func.__dict__ or "__signature__" in func.__dict__:
        return None
    code = func.__code__
    npos = code.co_argcount
    names = code.co_varnames
    first_kw = npos - len(func.__defaults__ or ())
    out = list(names[code.co_posonlyargcount:first_kw])
    kwdefaults = func.__kwdefaults__ or {}
    out.extend(n for n in names[npos:npos + code.co_kwonlyargcount] if n not in kwdefaults)
    return tuple(out)


class FixtureDef:
    __slots__ = ("name", "func", "scope", "scope_idx", "params", "ids", "autouse", "argnames",
                 "is_gen", "is_async", "owner_cls", "layer", "location", "cache")

    def __init__(self, name, func, marker, owner_cls=None, layer=None, scope_override=None):
        self.name = name
        self.func = func
        scope = scope_override or marker.scope
        if callable(scope):
            scope = scope(fixture_name=name, config=None)
        self.scope = scope
        self.scope_idx = SCOPE_INDEX.get(scope, FUNCTION)
        self.params = marker.params
        self.ids = marker.ids
        self.autouse = bool(marker.autouse)
        self.cache = bool(getattr(marker, "cache", False))
        self.owner_cls = owner_cls
        self.argnames = getfuncargnames(func, is_method=owner_cls is not None and not isinstance(
            owner_cls.__dict__.get(func.__name__) if owner_cls else None, staticmethod))
        self.is_gen = inspect.isgeneratorfunction(func) or inspect.isasyncgenfunction(func)
        self.is_async = inspect.iscoroutinefunction(func) or inspect.isasyncgenfunction(func)
        self.layer = layer
        try:
            code = func.__code__
            self.location = f"{code.co_filename}:{code.co_firstlineno}"
        except AttributeError:
            self.location = "?"

    def __repr__(self):
        return f"<FixtureDef {self.name} scope={self.scope}>"


class Layer:
    """Fixtures visible from one node (builtins, a conftest, a module or a class)."""
    __slots__ = ("label", "defs", "autouse", "generate_tests")

    def __init__(self, label):
        self.label = label
        self.defs = {}
        self.autouse = []
        self.generate_tests = None

    def add(self, fdef):
        fdef.layer = self
        self.defs[fdef.name] = fdef
        if fdef.autouse and fdef.name not in self.autouse:
            self.autouse.append(fdef.name)


# values fixture_info always turns down, skipped without the call: builtin instances hold no attributes, and a
# module is never a fixture
_NEVER_FIXTURES = frozenset({str, int, float, bool, type(None), bytes, tuple, list, dict, set, frozenset,
                             type(sys)})


def layer_from_namespace(label, namespace, owner_cls=None, known_plain=None):
    """known_plain: a mapping whose values are known not to be fixtures; an attribute that is the very same
    object is skipped without a look."""
    layer = Layer(label)
    never = _NEVER_FIXTURES
    for attr, obj in list(namespace.items()):
        kind = type(obj)
        if kind in never or (kind is _FunctionType and not obj.__dict__):  # fixture_info's own first test
            continue
        if known_plain is not None and known_plain.get(attr) is obj:
            continue
        info = fixture_info(obj)
        if info is None:
            continue
        func, marker = info
        if owner_cls is not None and isinstance(func, (staticmethod, classmethod)):
            func = func.__func__
        layer.add(FixtureDef(marker.name or getattr(func, "__name__", attr), func, marker, owner_cls))
    return layer


class Chain:
    """The ordered layers visible from a test, with memoized lookups."""
    __slots__ = ("layers", "memo", "autousenames", "closures")

    def __init__(self, layers):
        self.layers = tuple(layers)
        self.memo = {}
        self.closures = {}  # (initial names, direct names) -> closure, see collect._closure
        names = []
        for layer in self.layers:
            for n in layer.autouse:
                if n not in names:
                    names.append(n)
        self.autousenames = tuple(names)

    def defs_for(self, name):
        """All definitions of name, outermost first (pytest's fixturedefs list)."""
        got = self.memo.get(name)
        if got is None:
            got = tuple(layer.defs[name] for layer in self.layers if name in layer.defs)
            self.memo[name] = got
        return got

    def extend(self, layer):
        return Chain(self.layers + (layer,))


def closure(chain, initialnames, ignore_args):
    """pytest's getfixtureclosure: depth-first over dependencies, then stable sort by scope."""
    names = list(initialnames)
    current = {}

    def process(argname):
        if current.get(argname) == -1:
            return
        if argname not in names:
            names.append(argname)
        if argname in ignore_args:
            return
        defs = chain.defs_for(argname)
        if not defs:
            return
        index = current.get(argname, -1)
        if -index > len(defs):
            return
        fdef = defs[index]
        current[argname] = index - 1
        for dep in fdef.argnames:
            process(dep)
        current[argname] = index

    for n in initialnames:
        process(n)

    def scope_of(n):
        defs = chain.defs_for(n) if n not in ignore_args else ()
        return defs[-1].scope_idx if defs else FUNCTION
    names.sort(key=scope_of)
    return names


class FixtureLookupError(LookupError):
    def __init__(self, name, chain, requester=None):
        available = sorted({n for layer in chain.layers for n in layer.defs if not n.startswith("_")})
        self.requester = requester
        self.msg = (f"fixture '{name}' not found\n"
                    f">       available fixtures: {', '.join(available)}\n"
                    ">       use 'pytest --fixtures [testpath]' for help on them.")
        super().__init__(self.msg)


class ScopeMismatch(Exception):
    pass


class Entry:
    """One live fixture value in a scope."""
    __slots__ = ("fdef", "value", "exc", "param_key", "finalizers", "dependents", "done", "state")

    def __init__(self, fdef, param_key, state):
        self.fdef = fdef
        self.value = None
        self.exc = None
        self.param_key = param_key
        self.finalizers = []
        self.dependents = []
        self.done = False
        self.state = state


class ScopeState:
    __slots__ = ("key", "entries", "finalizers")

    def __init__(self):
        self.key = None
        self.entries = {}
        self.finalizers = []


NOTSET = object()
