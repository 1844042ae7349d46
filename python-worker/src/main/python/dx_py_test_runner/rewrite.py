"""Assertion rewriting: plain `assert` statements in test modules and conftest files report their
intermediate values like pytest's (`assert 847 == 848` with `+  where 847 = value(3)`).

Each sub-expression of an assert is captured with an assignment expression into a hidden local
(`@dxN`, names no source code can spell); on failure `fail()` builds pytest's explanation from a
constant description tree and the captured values. Successful asserts only pay for the stores.
"""
import ast
import sys

from . import assertrepr
from ._saferepr import saferepr

UNSET = object()
_RT = "@dx_rt"

_BINOP = {ast.BitOr: "|", ast.BitXor: "^", ast.BitAnd: "&", ast.LShift: "<<", ast.RShift: ">>",
          ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%%",
          ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
          ast.Pow: "**", ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
          ast.MatMult: "@"}
_UNARY = {ast.Not: "not %s", ast.Invert: "~%s", ast.USub: "-%s", ast.UAdd: "+%s"}


def _display(obj):
    return saferepr(obj).replace("\n", "\\n")


def _should_repr_global_name(obj):
    if callable(obj):
        return False
    try:
        return not hasattr(obj, "__name__")
    except Exception:
        return True


def _format_assertmsg(obj):
    if isinstance(obj, str):
        return obj.replace("\n", "\n~")
    return saferepr(obj).replace("\n", "\n~").replace("\\n", "\n~")


class _Explainer:
    def __init__(self, vals, f_locals):
        self.vals = vals
        self.locals = f_locals

    def expl(self, t):
        kind = t[0]
        v = self.vals
        if kind == "g":
            return _display(v[t[1]])
        if kind == "n":
            val = v[t[1]]
            if t[2] in self.locals or _should_repr_global_name(val):
                return _display(val)
            return t[2]
        if kind == "a":
            res = _display(v[t[1]])
            return f"{res}\n{{{res} = {self.expl(t[2])}.{t[3]}\n}}"
        if kind == "c":
            res = _display(v[t[1]])
            args = ", ".join(prefix + self.expl(sub) for prefix, sub in t[3])
            return f"{res}\n{{{res} = {self.expl(t[2])}({args})\n}}"
        if kind == "u":
            return t[1] % (self.expl(t[2]),)
        if kind == "b":
            return f"({self.expl(t[2])} {t[1]} {self.expl(t[3])})"
        if kind == "o":
            parts = [self.expl(sub) for idx, sub in t[2] if v[idx] is not UNSET]
            return "(" + (" or " if t[1] else " and ").join(parts) + ")"
        if kind == "cmp":
            return self._compare(t)
        return "?"

    def _compare(self, t):
        _, operands, syms, oidx, ridx = t
        v = self.vals
        i = 0
        for i in range(len(syms)):
            res = v[ridx[i]]
            if res is UNSET:
                i = max(0, i - 1)
                break
            try:
                done = not res
            except Exception:
                done = True
            if done:
                break
        left = self._operand(operands[i])
        right = self._operand(operands[i + 1])
        custom = None
        try:
            custom = assertrepr.assertrepr_compare(syms[i].replace("%%", "%"), v[oidx[i]], v[oidx[i + 1]])
        except Exception:
            custom = None
        if custom:
            custom = assertrepr.truncate(custom)
            return "\n~".join(line.replace("\n", "\\n") for line in custom)
        return f"{left} {syms[i].replace('%%', '%')} {right}"

    def _operand(self, t):
        e = self.expl(t)
        if t[0] in ("cmp", "o"):
            return f"({e})"
        return e


def fail(tree, vals, has_msg, msg=None):
    """Build the AssertionError of a failed rewritten assert (called from rewritten code only)."""
    f_locals = sys._getframe(1).f_locals
    try:
        explanation = _Explainer(vals, f_locals).expl(tree)
    except Exception as exc:  # never hide the user's failure behind ours
        explanation = f"<explanation failed: {exc!r}>"
    if has_msg:
        text = _format_assertmsg(msg) + "\n>assert " + explanation
    else:
        text = "assert " + explanation
    return AssertionError(assertrepr.format_explanation(text))


class _AssertRewriter(ast.NodeTransformer):
    def __init__(self):
        self.counter = 0
        self.names = []

    def _var(self):
        self.counter += 1
        name = f"@dx{self.counter}"
        self.names.append(name)
        return name, len(self.names) - 1

    def _capture(self, expr, node):
        name, idx = self._var()
        return ast.copy_location(ast.NamedExpr(ast.Name(name, ast.Store()), expr), node), idx

    def visit_Assert(self, node):
        if isinstance(node.test, ast.Tuple) and node.test.elts:
            return node
        self.names = []
        tree, expr = self._expr(node.test)
        names = self.names
        rt = ast.Name(_RT, ast.Load())
        stmts = [ast.Assign([ast.Name(n, ast.Store()) for n in names], ast.Attribute(rt, "UNSET", ast.Load()))]
        args = [ast.Constant(tree), ast.Tuple([ast.Name(n, ast.Load()) for n in names], ast.Load()),
                ast.Constant(node.msg is not None)]
        if node.msg is not None:
            args.append(node.msg)
        raise_ = ast.Raise(ast.Call(ast.Attribute(rt, "fail", ast.Load()), args, []), None)
        stmts.append(ast.If(ast.UnaryOp(ast.Not(), expr), [raise_], []))
        stmts.append(ast.Delete([ast.Name(n, ast.Del()) for n in names]))
        for s in stmts:
            ast.copy_location(s, node)
            for child in ast.walk(s):
                if not hasattr(child, "lineno") or child.lineno is None:
                    ast.copy_location(child, node)
        return stmts

    def _expr(self, node):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            new, idx = self._capture(node, node)
            return ("n", idx, node.id), new
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            base_t, base = self._expr(node.value)
            new, idx = self._capture(ast.Attribute(base, node.attr, ast.Load()), node)
            return ("a", idx, base_t, node.attr), new
        if isinstance(node, ast.Call):
            func_t, func = self._expr(node.func)
            arg_ts, args, kws = [], [], []
            for a in node.args:
                if isinstance(a, ast.Starred):
                    t, e = self._expr(a.value)
                    arg_ts.append(("*", t))
                    args.append(ast.Starred(e, ast.Load()))
                else:
                    t, e = self._expr(a)
                    arg_ts.append(("", t))
                    args.append(e)
            for k in node.keywords:
                t, e = self._expr(k.value)
                arg_ts.append((k.arg + "=" if k.arg else "**", t))
                kws.append(ast.keyword(k.arg, e))
            new, idx = self._capture(ast.Call(func, args, kws), node)
            return ("c", idx, func_t, tuple(arg_ts)), new
        if isinstance(node, ast.UnaryOp):
            t, e = self._expr(node.operand)
            new, _ = self._capture(ast.UnaryOp(node.op, e), node)
            return ("u", _UNARY[type(node.op)], t), new
        if isinstance(node, ast.BinOp):
            lt, le = self._expr(node.left)
            rt, re_ = self._expr(node.right)
            new, _ = self._capture(ast.BinOp(le, node.op, re_), node)
            return ("b", _BINOP[type(node.op)], lt, rt), new
        if isinstance(node, ast.BoolOp):
            subs, values = [], []
            for v in node.values:
                t, e = self._expr(v)
                cap, idx = self._capture(e, v)
                subs.append((idx, t))
                values.append(cap)
            return ("o", isinstance(node.op, ast.Or), tuple(subs)), ast.BoolOp(node.op, values)
        if isinstance(node, ast.Compare):
            operand_ts, oidx, ridx, comps = [], [], [], []
            lt, le = self._expr(node.left)
            left_cap, li = self._capture(le, node.left)
            operand_ts.append(lt)
            oidx.append(li)
            prev = None
            for op, comparator in zip(node.ops, node.comparators):
                ct, ce = self._expr(comparator)
                cap, ci = self._capture(ce, comparator)
                operand_ts.append(ct)
                oidx.append(ci)
                left_expr = left_cap if prev is None else ast.Name(self.names[prev], ast.Load())
                cmp_cap, ri = self._capture(ast.Compare(left_expr, [op], [cap]), node)
                ridx.append(ri)
                comps.append(cmp_cap)
                prev = ci
            syms = tuple(_BINOP[type(op)] for op in node.ops)
            expr = comps[0] if len(comps) == 1 else ast.BoolOp(ast.And(), comps)
            return ("cmp", tuple(operand_ts), syms, tuple(oidx), tuple(ridx)), expr
        new, idx = self._capture(node, node)
        return ("g", idx), new


_BLOCK = (ast.stmt, ast.excepthandler, ast.match_case)


def _rewrite_blocks(rewriter, node):
    """Replaces the asserts under node as _AssertRewriter().visit(node) does, in the same order (so with the
    same variable names), visiting only statement lists: asserts are statements, and walking every expression
    of the module cost more than the rewriting. Returns how many asserts were replaced."""
    replaced = 0
    for _, value in ast.iter_fields(node):
        if not isinstance(value, list) or not value or not isinstance(value[0], _BLOCK):
            continue
        out = []
        for child in value:
            if isinstance(child, ast.Assert):
                new = rewriter.visit_Assert(child)
                if new is child:
                    out.append(child)
                else:
                    out.extend(new)
                    replaced += 1
                continue
            if isinstance(child, _BLOCK):
                replaced += _rewrite_blocks(rewriter, child)
            out.append(child)
        value[:] = out
    return replaced


def rewrite_tree(tree):
    """Rewrite the asserts of a parsed module in place and add the runtime import."""
    replaced = _rewrite_blocks(_AssertRewriter(), tree)
    pos = 0
    body = tree.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        pos = 1
    while pos < len(body) and isinstance(body[pos], ast.ImportFrom) and body[pos].module == "__future__":
        pos += 1
    lineno = body[pos].lineno if pos < len(body) else 1
    imp = ast.Import([ast.alias("dx_py_test_runner.rewrite", _RT)])
    imp.lineno = lineno
    imp.col_offset = 0
    for child in ast.walk(imp):
        child.lineno = lineno
        child.col_offset = 0
        child.end_lineno = lineno
        child.end_col_offset = 0
    body.insert(pos, imp)
    if replaced:  # otherwise every node has its location already (the import was given one above)
        ast.fix_missing_locations(tree)
    return tree


def compile_rewritten(source, filename):
    """Parse, rewrite and compile a module's source."""
    tree = ast.parse(source, filename=filename)
    return compile(rewrite_tree(tree), filename, "exec", dont_inherit=True)
