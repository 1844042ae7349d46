"""Marks as plain data: read pytest's Mark/MarkDecorator objects (or ours) from functions, classes,
modules and pytest.param sets without using pytest's machinery."""


class Mark:
    __slots__ = ("name", "args", "kwargs")

    def __init__(self, name, args=(), kwargs=None):
        self.name = name
        self.args = tuple(args)
        self.kwargs = dict(kwargs or {})

    def __repr__(self):
        return f"Mark({self.name!r}, {self.args!r}, {self.kwargs!r})"


class MarkDecorator:
    """Our own mark decorator (dx.mark.NAME(...)), compatible with the reading side below."""

    def __init__(self, mark):
        self.mark = mark

    @property
    def name(self):
        return self.mark.name

    def __call__(self, *args, **kwargs):
        if args and not kwargs and len(args) == 1 and (callable(args[0]) or isinstance(args[0], type)):
            obj = args[0]
            store_mark(obj, self.mark)
            return obj
        return MarkDecorator(Mark(self.mark.name, self.mark.args + args, {**self.mark.kwargs, **kwargs}))


class _MarkGenerator:
    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return MarkDecorator(Mark(name))


mark = _MarkGenerator()


def store_mark(obj, m):
    prev = list(getattr(obj, "pytestmark", []) if "pytestmark" in getattr(obj, "__dict__", {}) else [])
    obj.pytestmark = prev + [m]


def normalize(m):
    """Turn a pytest Mark, MarkDecorator or ours into our Mark; None when it is not a mark."""
    inner = getattr(m, "mark", None)
    if inner is not None and hasattr(inner, "name"):
        m = inner
    name = getattr(m, "name", None)
    if not isinstance(name, str):
        return None
    return Mark(name, getattr(m, "args", ()), getattr(m, "kwargs", {}))


def _as_list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def own_marks(obj):
    """Marks stored on obj itself (not inherited through a class's bases beyond what Python gives)."""
    out = []
    for m in _as_list(getattr(obj, "pytestmark", None)):
        n = normalize(m)
        if n is not None:
            out.append(n)
    return out


def class_marks(cls):
    """Marks of a class including its bases, like pytest (MRO, base first... pytest collects reversed mro)."""
    out = []
    for klass in reversed(cls.__mro__):
        for m in _as_list(klass.__dict__.get("pytestmark")):
            n = normalize(m)
            if n is not None:
                out.append(n)
    return out


class ParamSet:
    __slots__ = ("values", "marks", "id")

    def __init__(self, values, marks=(), id=None):
        self.values = tuple(values)
        self.marks = list(marks)
        self.id = id


def param(*values, marks=(), id=None):
    """Our pytest.param equivalent."""
    if not isinstance(marks, (list, tuple)):
        marks = [marks]
    return ParamSet(values, [normalize(m) for m in marks], id)


def extract_paramset(value, nargs, force_tuple):
    """pytest.param(...) or a plain value/tuple -> ParamSet."""
    if isinstance(value, ParamSet):
        return value
    if type(value).__name__ == "ParameterSet" and hasattr(value, "values") and hasattr(value, "marks"):
        marks = [normalize(m) for m in _as_list(value.marks)]
        return ParamSet(value.values, [m for m in marks if m is not None], value.id)
    if force_tuple:
        return ParamSet((value,))
    return ParamSet(value)
