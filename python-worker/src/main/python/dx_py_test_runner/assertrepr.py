"""Explanations of failed comparisons and the explanation mini-language, formatted like pytest's
assertion util (pytest is MIT-licensed; this is an independent port for verbosity 0)."""
import collections.abc
import os
import pprint
from unicodedata import normalize

from ._saferepr import saferepr


def _full_diff_printer():
    # pytest formats full diffs with its own pretty printer (one item a line); use it when pytest is
    # installed so the text is the same, else the standard library's
    try:
        from _pytest._io.pprint import PrettyPrinter
    except Exception:
        return pprint.PrettyPrinter()
    return PrettyPrinter()


def _running_on_ci():
    return any(os.environ.get(k) for k in ("CI", "BUILD_NUMBER"))


def format_explanation(explanation):
    """Turn the '\\n{', '\\n}', '\\n~' markers into pytest's 'where'/'and' lines."""
    raw_lines = (explanation or "").split("\n")
    lines = [raw_lines[0]]
    for values in raw_lines[1:]:
        if values and values[0] in "{}~>":
            lines.append(values)
        else:
            lines[-1] += "\\n" + values
    result = list(lines[:1])
    stack = [0]
    stackcnt = [0]
    for line in lines[1:]:
        if line.startswith("{"):
            s = "and   " if stackcnt[-1] else "where "
            stack.append(len(result))
            stackcnt[-1] += 1
            stackcnt.append(0)
            result.append(" +" + "  " * (len(stack) - 1) + s + line[1:])
        elif line.startswith("}"):
            stack.pop()
            stackcnt.pop()
            result[stack[-1]] += line[1:]
        else:
            stack[-1] += 1
            indent = len(stack) if line.startswith("~") else len(stack) - 1
            result.append("  " * indent + line[1:])
    return "\n".join(result)


def _istext(x):
    return isinstance(x, str)


def _issequence(x):
    return isinstance(x, collections.abc.Sequence) and not isinstance(x, str)


def _isdict(x):
    return isinstance(x, dict)


def _isset(x):
    return isinstance(x, (set, frozenset))


def _isiterable(obj):
    try:
        iter(obj)
        return not _istext(obj)
    except Exception:
        return False


def assertrepr_compare(op, left, right):
    """Return the lines pytest would show for `left op right`, or None when there is nothing special."""
    use_ascii = (isinstance(left, str) and isinstance(right, str)
                 and normalize("NFD", left) == normalize("NFD", right))
    maxsize = (80 - 15 - len(op) - 2) // 2
    summary = f"{saferepr(left, maxsize, use_ascii)} {op} {saferepr(right, maxsize, use_ascii)}"
    explanation = None
    try:
        if op == "==":
            explanation = _compare_eq_any(left, right)
        elif op == "not in":
            if _istext(left) and _istext(right):
                explanation = _notin_text(left, right)
        elif op == "!=":
            if _isset(left) and _isset(right):
                explanation = ["Both sets are equal"]
        elif op == ">=":
            if _isset(left) and _isset(right):
                explanation = _one_sided("right", right, left)
        elif op == "<=":
            if _isset(left) and _isset(right):
                explanation = _one_sided("left", left, right)
        elif op == ">":
            if _isset(left) and _isset(right):
                explanation = _one_sided("right", right, left) or ["Both sets are equal"]
        elif op == "<":
            if _isset(left) and _isset(right):
                explanation = _one_sided("left", left, right) or ["Both sets are equal"]
    except Exception as exc:
        explanation = [f"(pytest_assertion plugin: representation of details failed: {type(exc).__name__}: {exc}.",
                       " Probably an object has a faulty __repr__.)"]
    if not explanation:
        return None
    if explanation[0] != "":
        explanation = ["", *explanation]
    return [summary, *explanation]


def _compare_eq_any(left, right):
    explanation = []
    if _istext(left) and _istext(right):
        return _diff_text(left, right)
    approx = _approx_side(left, right)
    if approx is not None:
        return approx
    if _issequence(left) and _issequence(right):
        explanation = _compare_eq_sequence(left, right)
    elif _isset(left) and _isset(right):
        explanation = _one_sided("left", left, right) + _one_sided("right", right, left)
    elif _isdict(left) and _isdict(right):
        explanation = _compare_eq_dict(left, right)
    if _isiterable(left) and _isiterable(right):
        explanation.extend(_compare_eq_iterable(left, right))
    return explanation


def _approx_side(left, right):
    for side, other in ((left, right), (right, left)):
        if type(side).__name__.startswith("Approx") and hasattr(side, "_repr_compare"):
            try:
                return side._repr_compare(other)
            except Exception:
                return None
    return None


def _diff_text(left, right):
    from difflib import ndiff
    explanation = []
    i = 0
    for i in range(min(len(left), len(right))):
        if left[i] != right[i]:
            break
    if i > 42:
        i -= 10
        explanation = [f"Skipping {i} identical leading characters in diff, use -v to show"]
        left = left[i:]
        right = right[i:]
    if len(left) == len(right):
        for i in range(len(left)):
            if left[-i] != right[-i]:
                break
        if i > 42:
            i -= 10
            explanation += [f"Skipping {i} identical trailing characters in diff, use -v to show"]
            left = left[:-i]
            right = right[:-i]
    if left.isspace() or right.isspace():
        left = repr(str(left))
        right = repr(str(right))
        explanation += ["Strings contain only whitespace, escaping them using repr()"]
    explanation.extend("\n".join(line.strip("\n") for line in
                                 ndiff(right.splitlines(True), left.splitlines(True))).splitlines())
    return explanation


def _compare_eq_iterable(left, right):
    if not _running_on_ci():
        return ["Use -v to get more diff"]
    import difflib
    printer = _full_diff_printer()
    lf = printer.pformat(left).splitlines()
    rf = printer.pformat(right).splitlines()
    return ["", "Full diff:"] + [line.rstrip() for line in difflib.ndiff(rf, lf)]


def _compare_eq_sequence(left, right):
    comparing_bytes = isinstance(left, bytes) and isinstance(right, bytes)
    explanation = []
    len_left, len_right = len(left), len(right)
    for i in range(min(len_left, len_right)):
        if left[i] != right[i]:
            if comparing_bytes:
                lv, rv = left[i:i + 1], right[i:i + 1]
            else:
                lv, rv = left[i], right[i]
            explanation.append(f"At index {i} diff: {lv!r} != {rv!r}")
            break
    if comparing_bytes:
        return explanation
    len_diff = len_left - len_right
    if len_diff:
        if len_diff > 0:
            more, extra = "Left", saferepr(left[len_right])
        else:
            len_diff = -len_diff
            more, extra = "Right", saferepr(right[len_left])
        if len_diff == 1:
            explanation.append(f"{more} contains one more item: {extra}")
        else:
            explanation.append(f"{more} contains {len_diff} more items, first extra item: {extra}")
    return explanation


def _one_sided(posn, set1, set2):
    explanation = []
    diff = set1 - set2
    if diff:
        explanation.append(f"Extra items in the {posn} set:")
        explanation.extend(saferepr(item) for item in diff)
    return explanation


def _compare_eq_dict(left, right):
    explanation = []
    set_left, set_right = set(left), set(right)
    common = set_left & set_right
    same = {k: left[k] for k in common if left[k] == right[k]}
    if same:
        explanation.append(f"Omitting {len(same)} identical items, use -vv to show")
    diff = {k for k in common if left[k] != right[k]}
    if diff:
        explanation.append("Differing items:")
        for k in diff:
            explanation.append(saferepr({k: left[k]}) + " != " + saferepr({k: right[k]}))
    for name, a, extra in (("Left", left, set_left - set_right), ("Right", right, set_right - set_left)):
        if extra:
            explanation.append(f"{name} contains {len(extra)} more item{'' if len(extra) == 1 else 's'}:")
            explanation.extend(pprint.pformat({k: a[k] for k in extra}).splitlines())
    return explanation


def _notin_text(term, text):
    index = text.find(term)
    head = text[:index]
    tail = text[index + len(term):]
    correct_text = head + tail
    diff = _diff_text(text, correct_text)
    newdiff = [f"{saferepr(term, maxsize=42)} is contained here:"]
    for line in diff:
        if line.startswith("Skipping"):
            continue
        if line.startswith("- "):
            continue
        if line.startswith("+ "):
            newdiff.append("  " + line[2:])
        else:
            newdiff.append(line)
    return newdiff


_MAX_LINES = 8
_MAX_CHARS = _MAX_LINES * 80


def truncate(lines):
    """Shorten a long comparison explanation the way pytest does at verbosity 0."""
    if _running_on_ci():
        return lines
    if len(lines) <= _MAX_LINES + 2 and len("".join(lines)) <= _MAX_CHARS + 70:
        return lines
    out = lines[:_MAX_LINES]
    truncated_char = True
    if len("".join(out)) > _MAX_CHARS + 70:
        count = 0
        idx = 0
        for idx, line in enumerate(out):
            if count + len(line) > _MAX_CHARS:
                break
            count += len(line)
        final = out[idx]
        out = out[:idx] + ([final[:_MAX_CHARS - count]] if final else [])
    else:
        truncated_char = False
    if out == lines:
        return out
    hidden = len(lines) - len(out)
    if out[-1]:
        out[-1] = out[-1] + "..."
        if truncated_char:
            hidden += 1
    else:
        out[-1] = "..."
    return [*out, "", f"...Full output truncated ({hidden} line{'' if hidden == 1 else 's'} hidden), use '-vv' to show"]
