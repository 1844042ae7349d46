"""Failure text like pytest's: traceback trimmed to user code in the long style, and a one-line message."""
import linecache
import os
import sys

_PKG_DIR = os.path.dirname(os.path.abspath(__file__))
_HIDDEN_DIRS = [_PKG_DIR + os.sep]
for _name in ("_pytest", "pluggy", "unittest", "asyncio"):
    # located, not imported: importing them only to learn their directories cost a worker's start ~20 ms for
    # asyncio alone, and pytest's whole import for a suite that never imports pytest
    _mod = sys.modules.get(_name)
    _f = getattr(_mod, "__file__", None) if _mod is not None else None
    if _f is None:
        try:
            import importlib.util
            _spec = importlib.util.find_spec(_name)
            _f = _spec.origin if _spec is not None else None
        except Exception:
            _f = None
    if _f:
        _HIDDEN_DIRS.append(os.path.dirname(os.path.abspath(_f)) + os.sep)
_HIDDEN_DIRS = tuple(_HIDDEN_DIRS)
_RUNPY = os.path.join(os.path.dirname(os.__file__), "contextlib.py")


def _hidden(frame):
    fn = frame.f_code.co_filename
    if fn.startswith(_HIDDEN_DIRS) or fn == _RUNPY:
        return True
    g = frame.f_globals
    if "__unittest" in g:
        return True
    try:
        return bool(frame.f_locals.get("__tracebackhide__", False))
    except Exception:
        return False


def user_entries(tb):
    entries = []
    while tb is not None:
        if not _hidden(tb.tb_frame):
            entries.append((tb.tb_frame, tb.tb_lineno))
        tb = tb.tb_next
    return entries


def exconly(exc):
    import traceback
    text = "".join(traceback.format_exception_only(type(exc), exc)).rstrip()
    if isinstance(exc, AssertionError):
        try:
            if repr(exc).startswith("AssertionError('assert "):
                text = text[len("AssertionError: "):] if text.startswith("AssertionError: ") else text
        except Exception:
            pass
    return text


def one_line(exc, prefix_type=True):
    name = type(exc).__name__
    msg = getattr(exc, "msg", None) if isinstance(getattr(exc, "msg", None), str) and name in (
        "Failed", "XFailed", "Skipped", "Exit") else None
    if msg is None:
        try:
            msg = str(exc)
        except Exception:
            msg = "<unprintable>"
    first = msg.strip().split("\n", 1)[0] if msg else ""
    if name == "Failed":
        return f"Failed: {first}" if first else "Failed"
    return f"{name}: {first}" if first else name


def relpath(path, rootdir):
    try:
        rel = os.path.relpath(path, rootdir)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def _source_block(frame, lineno):
    code = frame.f_code
    fn = code.co_filename
    first = code.co_firstlineno
    if code.co_name == "<module>":
        first = max(1, lineno - 5)
    lines = []
    for n in range(first, lineno + 1):
        lines.append(linecache.getline(fn, n, frame.f_globals).rstrip("\n"))
    if not any(lines):
        return [], 4
    nonblank = [l for l in lines if l.strip()]
    strip = min(len(l) - len(l.lstrip()) for l in nonblank) if nonblank else 0
    out = []
    for i, l in enumerate(lines):
        text = l[strip:]
        if i == len(lines) - 1:
            out.append(">   " + text)
        else:
            out.append("    " + text if text else "")
    last = lines[-1][strip:]
    indent = 4 + len(last) - len(last.lstrip())
    return out, indent


def _funcargs(frame):
    """pytest's ReprFuncArgs: `name = value` pairs of the frame's arguments, packed into 80 columns."""
    from ._saferepr import saferepr
    code = frame.f_code
    if code.co_name == "<module>":
        return []
    n = code.co_argcount + code.co_kwonlyargcount
    if code.co_flags & 0x04:
        n += 1
    if code.co_flags & 0x08:
        n += 1
    names = code.co_varnames[:n]
    if not names:
        return []
    out = []
    linesofar = ""
    f_locals = frame.f_locals
    for name in names:
        if name not in f_locals:
            continue
        ns = f"{name} = {saferepr(f_locals[name])}"
        if len(ns) + len(linesofar) + 2 > 80:
            if linesofar:
                out.append(linesofar)
            linesofar = ns
        else:
            linesofar = linesofar + ", " + ns if linesofar else ns
    if linesofar:
        out.append(linesofar)
    if out:
        out.append("")
    return out


def format_fixture_lookup(exc, item):
    """pytest's FixtureLookupErrorRepr for a test that requests an unknown fixture."""
    func = item.func
    code = getattr(func, "__code__", None)
    path = code.co_filename if code else item.path
    first = code.co_firstlineno if code else 0
    import inspect
    try:
        src_lines, _ = inspect.getsourcelines(func)
    except (OSError, TypeError):
        src_lines = []
    shown = []
    for line in src_lines:
        shown.append("  " + line.rstrip("\n").strip() if not shown else "  " + line.rstrip("\n"))
        if line.rstrip().endswith(":"):
            break
    msg_lines = exc.msg.split("\n")
    lines = [f"file {path}, line {first}"] + shown
    lines.append("E       " + msg_lines[0])
    lines.extend(msg_lines[1:])
    lines.append("")
    lines.append(f"{path}:{first}")
    return "\n".join(lines)


def format_exception(exc, tb, rootdir, pytrace=True, _depth=0):
    """Return pytest's long-style longrepr for an exception raised by user code."""
    if not pytrace:
        return str(getattr(exc, "msg", exc) or "")
    entries = user_entries(tb)
    if not entries:
        entries = []
        t = tb
        while t is not None:
            entries.append((t.tb_frame, t.tb_lineno))
            t = t.tb_next
        entries = entries[-1:]
    blocks = []
    for i, (frame, lineno) in enumerate(entries):
        src, indent = _source_block(frame, lineno)
        lines = _funcargs(frame) + list(src)
        last = i == len(entries) - 1
        if last:
            for n, line in enumerate(exconly(exc).split("\n")):
                lines.append("E" + " " * (indent - 1) + line)
        lines.append("")
        loc = f"{relpath(frame.f_code.co_filename, rootdir)}:{lineno}: "
        lines.append(loc + (type(exc).__name__ if last else ""))
        blocks.append("\n".join(lines))
    sep = "\n" + "_ " * 40 + "\n\n"
    text = sep.join(blocks)
    cause = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    if cause is not None and cause.__traceback__ is not None and cause is not exc and _depth < 10:
        chained = format_exception(cause, cause.__traceback__, rootdir, True, _depth + 1)
        link = ("The above exception was the direct cause of the following exception:"
                if exc.__cause__ is not None else
                "During handling of the above exception, another exception occurred:")
        text = chained + "\n\n" + link + "\n\n" + text
    return text
