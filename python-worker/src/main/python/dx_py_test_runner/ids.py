"""Parametrization ids exactly like pytest 9 (IdMaker): values, explicit ids, id callables, de-duplication."""
import enum
import re
from collections import Counter, defaultdict

_NON_PRINTABLE = {i: f"\\x{i:02x}" for i in range(128) if i not in range(32, 127)}
_NON_PRINTABLE.update({ord("\t"): "\\t", ord("\r"): "\\r", ord("\n"): "\\n"})


def ascii_escaped(val):
    if isinstance(val, bytes):
        ret = val.decode("ascii", "backslashreplace")
    else:
        ret = val.encode("unicode_escape").decode("ascii")
    return ret.translate(_NON_PRINTABLE)


def _is_notset(val):
    return type(val).__name__ == "NotSetType" or val is NOTSET


NOTSET = object()


def idval_from_value(val):
    if isinstance(val, (str, bytes)):
        return ascii_escaped(val)
    if val is None or isinstance(val, (float, int, bool, complex)):
        return str(val)
    if isinstance(val, re.Pattern):
        return ascii_escaped(val.pattern)
    if _is_notset(val):
        return None
    if isinstance(val, enum.Enum):
        return str(val)
    name = getattr(val, "__name__", None)
    if isinstance(name, str):
        return name
    return None


def _idval(val, argname, idx, idfn, where):
    if idfn is not None:
        try:
            got = idfn(val)
        except Exception as e:
            raise ValueError(f"{where}: error raised while trying to determine id of parameter "
                             f"'{argname}' at position {idx}") from e
        if got is not None:
            res = idval_from_value(got)
            if res is not None:
                return res
    res = idval_from_value(val)
    if res is not None:
        return res
    return f"{argname}{idx}"


def make_ids(argnames, paramsets, ids=None, where=""):
    """Return one unique id per ParamSet (pytest's make_unique_parameterset_ids)."""
    idfn = ids if callable(ids) else None
    idlist = None if callable(ids) or ids is None else list(ids)
    resolved = []
    for idx, ps in enumerate(paramsets):
        if ps.id is not None:
            resolved.append(ascii_escaped(ps.id) if isinstance(ps.id, (str, bytes)) else str(ps.id))
        elif idlist and idx < len(idlist) and idlist[idx] is not None:
            res = idval_from_value(idlist[idx])
            if res is None:
                raise ValueError(f"In {where}: ids contains unsupported value {idlist[idx]!r} "
                                 f"(type: {type(idlist[idx])!r}) at index {idx}. Supported types are: str, "
                                 "bytes, int, float, complex, bool, enum, regex or anything with a __name__.")
            resolved.append(res)
        else:
            resolved.append("-".join(_idval(v, a, idx, idfn, where) for v, a in zip(ps.values, argnames)))
    if len(resolved) != len(set(resolved)):
        counts = Counter(resolved)
        suffixes = defaultdict(int)
        for index, id_ in enumerate(resolved):
            if counts[id_] > 1:
                suffix = "_" if id_ and id_[-1].isdigit() else ""
                new_id = f"{id_}{suffix}{suffixes[id_]}"
                while new_id in set(resolved):
                    suffixes[id_] += 1
                    new_id = f"{id_}{suffix}{suffixes[id_]}"
                resolved[index] = new_id
                suffixes[id_] += 1
    return resolved
