"""repr() that never raises and stays short, formatted like pytest's saferepr (MIT-licensed origin)."""
import reprlib

DEFAULT_MAXSIZE = 240


def _try_repr_or_str(obj):
    try:
        return repr(obj)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return f'{type(obj).__name__}("{obj}")'


def _format_repr_exception(exc, obj):
    try:
        exc_info = _try_repr_or_str(exc)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as inner:
        exc_info = f"unpresentable exception ({_try_repr_or_str(inner)})"
    return f"<[{exc_info} raised in repr()] {type(obj).__name__} object at 0x{id(obj):x}>"


def ellipsize(s, maxsize):
    if len(s) > maxsize:
        i = max(0, (maxsize - 3) // 2)
        j = max(0, maxsize - 3 - i)
        return s[:i] + "..." + s[len(s) - j:]
    return s


class _SafeRepr(reprlib.Repr):
    def __init__(self, maxsize, use_ascii=False):
        super().__init__()
        self.maxstring = maxsize if maxsize is not None else 1_000_000_000
        self.maxsize = maxsize
        self.use_ascii = use_ascii

    def repr(self, x):
        try:
            s = ascii(x) if self.use_ascii else super().repr(x)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            s = _format_repr_exception(exc, x)
        if self.maxsize is not None:
            s = ellipsize(s, self.maxsize)
        return s

    def repr_instance(self, x, level):
        try:
            s = repr(x)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            s = _format_repr_exception(exc, x)
        if self.maxsize is not None:
            s = ellipsize(s, self.maxsize)
        return s


def saferepr(obj, maxsize=DEFAULT_MAXSIZE, use_ascii=False):
    """Return a repr of obj that never raises, truncated in the middle beyond maxsize."""
    return _SafeRepr(maxsize, use_ascii).repr(obj)


def saferepr_unlimited(obj, use_ascii=True):
    try:
        return ascii(obj) if use_ascii else repr(obj)
    except Exception as exc:
        return _format_repr_exception(exc, obj)
