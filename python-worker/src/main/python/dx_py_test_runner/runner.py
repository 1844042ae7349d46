"""Session: runs the tests of one file after another in one interpreter, pytest-compatible, without
pytest's machinery. The worker loop calls Session.run_file() per file and Session.finish() at the end."""
import inspect
import os
import sys
import time
import traceback
import warnings

from . import builtin_fixtures, fallback, report
from .capture import Capture
from .collect import Collector, add_xunit_module
from .fixtures import Chain, layer_from_namespace
from .ignore import ConftestIgnores
from .importer import forget, import_conftest, import_path
from .outcomes import classify
from .request import Config, FixtureManager, ItemRun
from .unittest_support import run_testcase

_ASYNC_MSG = ("async def functions are not natively supported.\n"
              "You need to install a suitable plugin for your async framework, for example:\n"
              "  - anyio\n  - pytest-asyncio\n  - pytest-tornasync\n  - pytest-trio\n  - pytest-twisted")
_MODULE_SKIP_MSG = ("Using pytest.skip outside of a test will skip the entire module. If that's your "
                    "intention, pass `allow_module_level=True`. If you want to skip a specific test or an "
                    "entire class, use the @pytest.mark.skip or @pytest.mark.skipif decorators.")


_ASYNC_PLUGINS = {"asyncio": "pytest_asyncio", "anyio": "anyio"}
_async_plugin_cache = {}


def _async_plugin_installed(mark):
    """Whether the plugin behind an async mark is installed: pytest runs marked async tests only then
    (without it they fail with _ASYNC_MSG), so dxpy runs them natively only then too."""
    if mark not in _async_plugin_cache:
        import importlib.util
        try:
            _async_plugin_cache[mark] = importlib.util.find_spec(_ASYNC_PLUGINS[mark]) is not None
        except (ImportError, ValueError):
            _async_plugin_cache[mark] = False
    return _async_plugin_cache[mark]


class _Cfg:
    def __init__(self, python_files, python_classes, python_functions):
        self.python_files = list(python_files)
        self.python_classes = list(python_classes)
        self.python_functions = list(python_functions)


class _CollectError(Exception):
    def __init__(self, error, line, longrepr, skip_reason=None):
        super().__init__(error)
        self.error = error
        self.line = line
        self.longrepr = longrepr
        self.skip_reason = skip_reason


class _Loaded:
    __slots__ = ("stamp", "items", "by_id", "by_base")

    def __init__(self, stamp, items):
        self.stamp = stamp
        self.items = items
        self.by_id = {i.nodeid: i for i in items}
        self.by_base = {}
        for i in items:
            self.by_base.setdefault(i.base_id, []).append(i)


class _XFail:
    __slots__ = ("reason", "run", "strict", "raises")

    def __init__(self, reason, run, strict, raises):
        self.reason, self.run, self.strict, self.raises = reason, run, strict, raises


def _stamp(path):
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size


class Session:
    """One test session over rootdir; session-scoped fixtures live until finish()."""

    def __init__(self, rootdir, python_files=("test_*.py", "*_test.py"), python_classes=("Test",),
                 python_functions=("test",), options=None, ini=None):
        self.rootdir = os.path.abspath(rootdir)
        self.cfg = _Cfg(python_files, python_classes, python_functions)
        self.config = Config(self.rootdir, options, ini)
        self.manager = FixtureManager()
        self.builtin_layer = layer_from_namespace("<builtins>", vars(builtin_fixtures))
        self.conftests = {}
        self.conftest_reasons = {}
        self._chains = {}  # directory -> its conftest chain, see _conftest_chain
        self.loaded = {}  # abspath -> _Loaded: the items of files collected and not yet run to their end
        self.imported = {}  # abspath -> the stamp its module was imported with
        self.fallbacks = {}  # relpath -> why pytest's own machinery ran it
        self._ahead_failed = {}  # abspath -> (stamp, exception) of a file collect_ahead could not load
        self.capture = Capture()
        self.ignores = ConftestIgnores(self.rootdir)
        self._counter = 0
        self._finished = False

    # ------------------------------------------------------------------ public
    def run_file(self, relpath, tests, on_start=None, on_result=None, stop=None):
        """Runs these (node id, expand) pairs of one file. stop(ref) is asked once per test ref, before the
        last step of the ref preceding it (and before the doctests): True means run nothing from that ref
        on (the engine gave the rest to another worker); the step then runs as the file's last, so its
        teardown closes the file's scopes and reports their errors as at the file's end."""
        on_start = on_start or (lambda node_id: None)
        on_result = on_result or (lambda result: None)
        relpath = relpath.replace(os.sep, "/")
        abspath = os.path.join(self.rootdir, relpath)
        status = {"file": relpath, "error": "", "error_line": 0, "longrepr": ""}
        ignored = self.ignores.why(abspath)
        if ignored:  # a conftest computes collect_ignore: pytest would not collect the file
            status["ignored"] = ignored
            return status
        doctests = [t for t in tests if t[0].endswith("::" + fallback.DOCTESTS)]
        if doctests:
            tests = [t for t in tests if not t[0].endswith("::" + fallback.DOCTESTS)]
            if not tests:
                return self._fallback(relpath, doctests, "doctests run by pytest's doctest plugin",
                                      on_start, on_result)
        unsupported = None
        try:
            loaded = self._load(relpath, abspath)
        except fallback.Unsupported as why:
            unsupported = str(why)  # run pytest outside this handler: its tracebacks must not chain to it
        except _CollectError as ce:
            if ce.skip_reason is not None:
                for node_id, _ in tests:
                    on_start(node_id)
                    on_result(_result(node_id, "skipped", 0, ce.skip_reason, "", False))
                return status
            status.update(error=ce.error, error_line=ce.line, longrepr=ce.longrepr)
            for node_id, _ in tests:  # never started: the module did not import
                on_result(_result(node_id, "error", 0, ce.error, ce.longrepr, False))
            return status
        if unsupported is not None:
            status = self._fallback(relpath, tests, unsupported, on_start, on_result)
            if doctests and not status.get("error"):
                status = self._fallback(relpath, doctests, "doctests run by pytest's doctest plugin",
                                        on_start, on_result)
            return status
        plan = []
        origins = []  # the test ref each step comes from: a stop falls between refs, never inside an expansion
        for node_id, expand in tests:
            if expand:
                base = node_id.split("[", 1)[0]
                items = loaded.by_base.get(base)
                if items:
                    plan.extend((i, True, None) for i in items)
                    origins.extend([node_id] * len(items))
                    continue
            item = loaded.by_id.get(node_id)
            plan.append((item, False, node_id) if item is None else (item, False, None))
            origins.append(node_id)
        real = [p for p in plan if p[0] is not None]
        last_real = real[-1][0] if real else None
        pkg = self._package_key(abspath)
        following = [None] * len(plan)  # the next item that exists after each step (one pass, not a scan per test)
        nxt = None
        for idx in range(len(plan) - 1, -1, -1):
            following[idx] = nxt
            if plan[idx][0] is not None:
                nxt = plan[idx][0]
        stopped = False
        last = len(plan) - 1
        for idx, (item, expanded, missing_id) in enumerate(plan):
            if stop is not None and idx < last and origins[idx + 1] != origins[idx] and stop(origins[idx + 1]):
                stopped = True  # this step is the file's last here: its teardown closes the file's scopes
            if item is None:
                on_start(missing_id)
                on_result(_result(missing_id, "error", 0, f"{missing_id}: not found in module {relpath}",
                                  f"ERROR: not found: {missing_id}\n(no match in module {relpath})", False))
                if stopped:
                    break
                continue
            nxt = None if stopped else following[idx]
            if nxt is None:
                next_keys = (self.rootdir, pkg, None, None, None)
            else:
                next_keys = self._keys(nxt)[:4] + (None,)
            on_start(item.nodeid)
            on_result(self._run_item(item, next_keys, expanded))
            if stopped:
                break
        if last_real is None or (stopped and item is None):
            self.manager.switch((self.rootdir, pkg, None, None, None))
            self.manager.take_errors()
        if not stopped:
            # the engine sends a file to a worker again only for a tail it stopped before: the items of a file
            # run to its end are dropped (fewer objects for the collector to walk; a later request for the file
            # collects its module again)
            self.loaded.pop(abspath, None)
        if doctests and not stopped and not (stop is not None and stop(doctests[0][0])):
            return self._fallback(relpath, doctests, "doctests run by pytest's doctest plugin", on_start, on_result)
        return status

    def collect_file(self, relpath, tests):
        """(node ids, status): what run_file would run for these (node id, expand) pairs, run-time
        parametrization and doctests expanded, without running anything; status as run_file returns it."""
        relpath = relpath.replace(os.sep, "/")
        abspath = os.path.join(self.rootdir, relpath)
        status = {"file": relpath, "error": "", "error_line": 0, "longrepr": ""}
        ignored = self.ignores.why(abspath)
        if ignored:
            status["ignored"] = ignored
            return [], status
        doctests = [t for t in tests if t[0].endswith("::" + fallback.DOCTESTS)]
        tests = [t for t in tests if not t[0].endswith("::" + fallback.DOCTESTS)]
        ids = []
        unsupported = None
        if tests:
            try:
                loaded = self._load(relpath, abspath)
            except fallback.Unsupported as why:
                unsupported = str(why)
            except _CollectError as ce:
                if ce.skip_reason is None:  # a module-level skip: pytest lists nothing either
                    status.update(error=ce.error, error_line=ce.line, longrepr=ce.longrepr)
                return [], status
            if unsupported is not None:
                ids, status = fallback.collect(self.rootdir, relpath, tests, unsupported)
            else:
                for node_id, expand in tests:
                    items = loaded.by_base.get(node_id.split("[", 1)[0]) if expand else None
                    if items:
                        ids.extend(i.nodeid for i in items)
                    elif node_id in loaded.by_id:
                        ids.append(node_id)
        if doctests and not status.get("error"):
            more, status = fallback.collect(self.rootdir, relpath, doctests, "doctests run by pytest's doctest plugin")
            ids = more + ids  # pytest's doctest collector comes before the module's
        return ids, status

    def collect_ahead(self, relpaths, stop=None):
        """Imports and collects these files (relative to the rootdir) before any run asks for them, as pytest
        collects every file before running the first test; run_file then finds their items. A file that
        cannot be loaded keeps its error for the first run_file of it (its module is not imported twice).
        stop() is asked before each file: True ends the collection there."""
        for relpath in relpaths:
            if stop is not None and stop():
                break
            relpath = relpath.replace(os.sep, "/")
            abspath = os.path.join(self.rootdir, relpath)
            stamp = None  # a failure before the stat is not kept: the run meets it again
            try:
                if self.ignores.why(abspath):
                    continue
                stamp = _stamp(abspath)
                self._load(relpath, abspath)
            except KeyboardInterrupt:
                raise
            except (_CollectError, fallback.Unsupported) as exc:
                if stamp is not None:
                    self._ahead_failed[abspath] = (stamp, exc)
            except BaseException:
                pass  # the run loads the file again and reports what happens then

    def _fallback(self, relpath, tests, reason, on_start, on_result):
        """Runs the tests through the installed pytest (see fallback.py); native scopes are closed first."""
        self.fallbacks[relpath] = reason
        self.manager.switch((self.rootdir, None, None, None, None))
        self.manager.take_errors()
        return fallback.run(self.rootdir, relpath, tests, reason, on_start, on_result)

    def finish(self):
        """Tear down every remaining scope, session last; calling it again does nothing."""
        if self._finished:
            return []
        self._finished = True
        self.manager.switch((None, None, None, None, None))
        errors = self.manager.take_errors()
        return [report.one_line(e[1]) for e in errors]

    # ------------------------------------------------------------------ loading
    def _package_key(self, abspath):
        d = os.path.dirname(abspath)
        return d if os.path.isfile(os.path.join(d, "__init__.py")) else None

    def _keys(self, item):
        self._counter += 1
        return (self.rootdir, item.package_key, item.path, item.class_key or item.path + "::", self._counter)

    def _conftest_chain(self, abspath):
        """The fixture chain of the conftests from the rootdir down to abspath's directory, one per directory: its
        lookups stay memoized for the next file there (a directory whose conftest failed or forces the fallback
        is not kept, so the next file there raises the same again)."""
        d = os.path.dirname(abspath)
        chain = self._chains.get(d)
        if chain is None:
            chain = self._chains[d] = self._find_conftest_chain(d)
        return chain

    def _find_conftest_chain(self, d):
        layers = [self.builtin_layer]
        dirs = []
        while True:
            dirs.append(d)
            if os.path.normcase(d) == os.path.normcase(self.rootdir):
                break
            parent = os.path.dirname(d)
            if parent == d or not os.path.normcase(d).startswith(os.path.normcase(self.rootdir)):
                dirs = [x for x in dirs if os.path.normcase(x).startswith(os.path.normcase(self.rootdir))]
                break
            d = parent
        for d in reversed(dirs):
            conf = os.path.join(d, "conftest.py")
            if not os.path.isfile(conf):
                continue
            layer = self.conftests.get(conf)
            if layer is None:
                try:
                    mod = import_conftest(conf)
                except BaseException as exc:
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    raise self._collect_error(exc, conf, is_conftest=True)
                layer = layer_from_namespace(conf, vars(mod))
                layer.generate_tests = getattr(mod, "pytest_generate_tests", None)
                self.conftests[conf] = layer
                self.conftest_reasons[conf] = self._conftest_reason(conf, mod)
            layers.append(layer)
            if self.conftest_reasons.get(conf):
                raise fallback.Unsupported(self.conftest_reasons[conf])
        return Chain(layers)

    def _conftest_reason(self, conf, mod):
        rel = report.relpath(conf, self.rootdir)
        hooks = fallback.unsupported_hooks(vars(mod))
        if hooks:
            return f"{rel} uses {', '.join(hooks)}"
        configure = getattr(mod, "pytest_configure", None)
        if callable(configure):
            try:
                configure(fallback.StrictConfig(self.config))
            except fallback.Unsupported as why:
                return f"{rel}: {why}"
            except Exception as exc:
                return f"{rel}: pytest_configure raised {report.one_line(exc)}"
        return None

    def _load(self, relpath, abspath):
        try:
            stamp = _stamp(abspath)
        except OSError as exc:
            raise _CollectError(f"FileNotFoundError: {exc}", 0, f"ERROR: file or directory not found: {relpath}")
        loaded = self.loaded.get(abspath)
        if loaded is not None and loaded.stamp == stamp:
            return loaded
        failed = self._ahead_failed.pop(abspath, None)
        if failed is not None and failed[0] == stamp:
            raise failed[1]
        if self.imported.get(abspath, stamp) != stamp:
            forget(abspath)  # changed since: import it again
        chain = self._conftest_chain(abspath)
        try:
            module = import_path(abspath)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            kind, msg, _ = classify(exc)
            if kind == "skip":
                if getattr(exc, "allow_module_level", False) or not hasattr(exc, "allow_module_level"):
                    forget(abspath)
                    raise _CollectError("", 0, "", skip_reason=msg)
                forget(abspath)
                raise _CollectError("CollectError: " + _MODULE_SKIP_MSG, 0, _MODULE_SKIP_MSG)
            forget(abspath)
            raise self._collect_error(exc, abspath)
        if "pytest_plugins" in vars(module):  # pytest registers them; other hooks in a test module it ignores
            raise fallback.Unsupported(f"{relpath} uses pytest_plugins")
        mlayer = layer_from_namespace(module.__name__, vars(module))
        add_xunit_module(mlayer, module)
        if mlayer.defs or mlayer.autouse or mlayer.generate_tests is not None:
            chain = chain.extend(mlayer)
        # else a module without fixtures of its own (most) uses its directory's conftest chain as it is: the same
        # lookups, and their memos (fixture closures, definitions by name) are shared by the directory's modules
        try:
            items = Collector(self.cfg, module, relpath, abspath, chain,
                              self._package_key(abspath), self.config).collect()
        except Exception as exc:
            raise self._collect_error(exc, abspath, during_collect=True)
        unknown = _unknown_fixtures(items)
        if unknown:
            raise fallback.Unsupported(f"fixture {unknown[0]!r} is defined by no conftest, module or dxpy builtin "
                                       "(a plugin's fixture?)")
        loaded = _Loaded(stamp, items)
        self.loaded[abspath] = loaded
        self.imported[abspath] = stamp
        return loaded

    def _collect_error(self, exc, path, is_conftest=False, during_collect=False):
        tb = exc.__traceback__
        line = 0
        if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == path:
            line = exc.lineno or 0
        else:
            for frame, lineno in reversed([(f, l) for f, l in traceback.walk_tb(tb)]):
                if os.path.abspath(frame.f_code.co_filename) == path:
                    line = lineno
                    break
        one = report.one_line(exc)
        if isinstance(exc, ImportError) and not is_conftest:
            short = "".join(traceback.format_exception(type(exc), exc, tb, chain=False)[1:-1])
            longrepr = (f"ImportError while importing test module '{path}'.\n"
                        "Hint: make sure your test modules/packages have valid Python names.\n"
                        f"Traceback:\n{short}E   {report.exconly(exc)}")
            return _CollectError("ImportError: " + one.split(": ", 1)[-1] if not one.startswith(
                "ImportError") else one, line, longrepr)
        if isinstance(exc, SyntaxError):
            longrepr = "".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n")
            longrepr = "\n".join("E   " + l for l in longrepr.split("\n"))
        else:
            longrepr = report.format_exception(exc, tb, self.rootdir)
        if is_conftest:
            longrepr = f"ImportError while loading conftest '{path}'.\n{longrepr}"
        return _CollectError(one, line, longrepr)

    # ------------------------------------------------------------------ running
    def _run_item(self, item, next_keys, expanded):
        t0 = time.perf_counter_ns()
        keys = self._keys(item)
        manager = self.manager
        manager.switch(keys)
        manager.take_errors()
        rootdir = self.rootdir
        try:
            skip_reason = _eval_skip(item)
            xf = _eval_xfail(item)
        except Exception as exc:  # evaluating a skipif/xfail condition: an error at setup, as in pytest
            manager.switch(next_keys)
            manager.take_errors()
            r = _result(item.nodeid, "error", time.perf_counter_ns() - t0, report.one_line(exc),
                        report.format_exception(exc, exc.__traceback__, rootdir), expanded)
            r["phase"] = "setup"
            return r
        if skip_reason is not None:
            manager.switch(next_keys)
            manager.take_errors()
            return _result(item.nodeid, "skipped", time.perf_counter_ns() - t0, skip_reason, "", expanded)
        if xf is not None and not xf.run:
            manager.switch(next_keys)
            manager.take_errors()
            return _result(item.nodeid, "xfailed", time.perf_counter_ns() - t0, "[NOTRUN] " + xf.reason, "",
                           expanded)
        cap = self.capture
        cap.start()
        setup_exc = call_exc = None
        ut_outcome = None
        saved_warnings = _enter_warnings()
        try:
            if item.marks:
                _apply_filter_marks(item)
            instance = None
            run = None
            try:
                if item.kind == "unittest":
                    instance = item.cls(item.ut_method)
                elif item.cls is not None:
                    instance = item.cls()
                run = ItemRun(item, manager, instance)
                funcargs = {}
                argnames = item.argnames
                for name in item.fixturenames:
                    value = run.getfixturevalue(name)
                    if name in argnames:
                        funcargs[name] = value
            except BaseException as exc:
                if isinstance(exc, KeyboardInterrupt):
                    raise
                setup_exc = exc
            if setup_exc is None:
                try:
                    if item.kind == "unittest":
                        ut_outcome = run_testcase(instance, item)
                    else:
                        func = item.func
                        if instance is not None and item.is_method:
                            func = func.__get__(instance, item.cls)
                        is_coro = item.is_coro
                        if is_coro is None:
                            is_coro = item.is_coro = inspect.iscoroutinefunction(item.func)
                        if is_coro:
                            if any(m.name in ("asyncio", "anyio") and _async_plugin_installed(m.name)
                                   for m in item.marks):
                                import asyncio  # here: its import costs a worker ~20 ms at start
                                asyncio.run(func(**funcargs))
                            else:
                                from .outcomes import fail
                                fail(_ASYNC_MSG, pytrace=False)
                        else:
                            res = func(**funcargs)
                            if res is not None and (inspect.iscoroutine(res) or hasattr(res, "__aiter__")):
                                if inspect.iscoroutine(res):
                                    res.close()
                                from .outcomes import fail
                                fail(_ASYNC_MSG, pytrace=False)
                except BaseException as exc:
                    if isinstance(exc, KeyboardInterrupt):
                        raise
                    call_exc = exc
            manager.switch(next_keys)
            teardown_errors = manager.take_errors()
        finally:
            _exit_warnings(saved_warnings)
            out, err, log = cap.stop()
        duration = time.perf_counter_ns() - t0
        outcome, message, longrepr, phase = _decide(item, xf, setup_exc, call_exc, ut_outcome, teardown_errors, rootdir)
        if outcome in ("failed", "error"):
            return {"node_id": item.nodeid, "outcome": outcome, "duration_ns": duration, "message": message,
                    "longrepr": longrepr, "stdout": out, "stderr": err, "log": log, "runtime_expanded": expanded,
                    "phase": phase}
        return {"node_id": item.nodeid, "outcome": outcome, "duration_ns": duration, "message": message,
                "longrepr": longrepr, "stdout": "", "stderr": "", "log": "", "runtime_expanded": expanded}


def _unknown_fixtures(items):
    """Fixture names some item requests that nothing native defines, in first-use order."""
    out = []
    for item in items:
        for name in item.fixturenames:
            if name == "request" or name in item.direct or name in item.indirect or name in out:
                continue
            if not item.chain.defs_for(name):
                out.append(name)
    return out


_ALWAYS_DEPRECATION = ("always", None, DeprecationWarning, None, 0)
_ALWAYS_PENDING = ("always", None, PendingDeprecationWarning, None, 0)


def _enter_warnings():
    """warnings.catch_warnings(record=True).__enter__() followed by pytest's catch_warnings_for_item defaults
    (DeprecationWarning and PendingDeprecationWarning always shown), in one step: the test gets a private copy
    of the filter list with the two 'always' filters at its front, each first removed if present, as
    filterwarnings("always", category=...) puts them (PendingDeprecationWarning first), and the caught
    warnings go to a list nobody reads. Returns what _exit_warnings restores. Runs once per test: one copy
    of the list and one _filters_mutated() instead of catch_warnings' and the filter calls' several."""
    w = warnings
    saved = (w.filters, w.showwarning, w._showwarnmsg_impl)
    filters = saved[0]
    if sys.warnoptions:
        mine = filters[:]
    elif _ALWAYS_DEPRECATION in filters or _ALWAYS_PENDING in filters:
        mine = filters[:]
        for f in (_ALWAYS_DEPRECATION, _ALWAYS_PENDING):
            if f in mine:
                mine.remove(f)
        mine[0:0] = (_ALWAYS_PENDING, _ALWAYS_DEPRECATION)
    else:
        mine = [_ALWAYS_PENDING, _ALWAYS_DEPRECATION, *filters]
    w.filters = mine
    w._filters_mutated()
    w._showwarnmsg_impl = [].append
    w.showwarning = w._showwarning_orig  # so that _showwarnmsg() calls _showwarnmsg_impl(), as catch_warnings
    return saved


def _exit_warnings(saved):
    """catch_warnings' __exit__: the filter list, showwarning and _showwarnmsg_impl from before the test."""
    w = warnings
    w.filters, w.showwarning, w._showwarnmsg_impl = saved
    w._filters_mutated()


def _apply_filter_marks(item):
    """The item's filterwarnings marks, closest last (so first in the list)."""
    marks = [m for m in item.marks if m.name == "filterwarnings"]
    for m in reversed(marks):
        for arg in m.args:
            _add_filter(arg)


def _add_filter(arg):
    import re
    parts = [p.strip() for p in arg.split(":")]
    while len(parts) < 5:
        parts.append("")
    action, message, category, module, lineno = parts[:5]
    if category:
        if "." in category:
            modname, _, klass = category.rpartition(".")
            cat = getattr(__import__(modname, fromlist=[klass]), klass)
        else:
            import builtins
            cat = getattr(builtins, category)
    else:
        cat = Warning
    warnings.filterwarnings(action or "default", message=re.escape(message) if message else "", category=cat,
                            module=module, lineno=int(lineno) if lineno else 0)


def _result(node_id, outcome, duration, message, longrepr, expanded):
    return {"node_id": node_id, "outcome": outcome, "duration_ns": duration, "message": message,
            "longrepr": longrepr, "stdout": "", "stderr": "", "log": "", "runtime_expanded": expanded}


def _decide(item, xf, setup_exc, call_exc, ut_outcome, teardown_errors, rootdir):
    """(outcome, message, longrepr, phase): phase is where an error came from, as pytest's report.when ('setup',
    'teardown'; 'call' for every other outcome)."""
    outcome, message, longrepr, phase = "passed", "", "", "call"
    if setup_exc is not None:
        kind, msg, pytrace = classify(setup_exc)
        if kind == "skip":
            outcome, message = "skipped", msg
        elif kind == "xfail":
            outcome, message = "xfailed", "reason: " + msg
        elif xf is not None and (xf.raises is None or isinstance(setup_exc, xf.raises)):
            outcome, message = "xfailed", xf.reason
        else:
            outcome, phase = "error", "setup"
            message = _fixture_message(setup_exc)
            if type(setup_exc).__name__ == "FixtureLookupError" and hasattr(setup_exc, "requester"):
                longrepr = report.format_fixture_lookup(setup_exc, item)
            else:
                longrepr = report.format_exception(setup_exc, setup_exc.__traceback__, rootdir, pytrace)
    elif ut_outcome is not None:
        outcome, message, longrepr = ut_outcome
        if outcome == "failed" and xf is not None:
            outcome, message, longrepr = "xfailed", xf.reason, ""
        elif outcome == "passed" and xf is not None:
            outcome, message, longrepr = _xpass(xf)
    elif call_exc is not None:
        kind, msg, pytrace = classify(call_exc)
        if kind == "skip":
            outcome, message = "skipped", msg
        elif kind == "xfail":
            outcome, message = "xfailed", "reason: " + msg
        elif xf is not None and (xf.raises is None or isinstance(call_exc, xf.raises)):
            outcome, message = "xfailed", xf.reason
        else:
            outcome = "failed"
            message = report.exconly(call_exc)  # pytest's reprcrash.message: junit's message, the FAILED line
            longrepr = report.format_exception(call_exc, call_exc.__traceback__, rootdir, pytrace)
    elif xf is not None:
        outcome, message, longrepr = _xpass(xf)
    if teardown_errors:
        texts = [report.format_exception(e[1], e[2], rootdir) for e in teardown_errors]
        if outcome in ("failed", "error"):
            longrepr = longrepr + "\n\n" + "\n\n".join(texts)
        else:
            outcome, phase = "error", "teardown"
            message = report.one_line(teardown_errors[0][1])
            longrepr = "\n\n".join(texts)
    return outcome, message, longrepr, phase


def _fixture_message(exc):
    msg = getattr(exc, "msg", None)
    if type(exc).__name__ == "FixtureLookupError" and msg:
        return msg.split("\n", 1)[0]
    return report.one_line(exc)


def _xpass(xf):
    if xf.strict:
        return "failed", "[XPASS(strict)] " + xf.reason, "[XPASS(strict)] " + xf.reason
    return "xpassed", xf.reason, ""


def _eval_condition(item, mark, condition):
    if isinstance(condition, str):
        globals_ = {"os": os, "sys": sys, "platform": __import__("platform"), "config": item.session_config}
        globals_.update(getattr(item.func, "__globals__", None) or vars(item.module))
        result = eval(compile(condition, f"<{mark.name} condition>", "eval"), globals_)
    else:
        result = bool(condition)
    reason = mark.kwargs.get("reason")
    if reason is None:
        if isinstance(condition, str):
            reason = "condition: " + condition
        else:
            raise ValueError(f"Error evaluating {mark.name!r}: you need to specify reason=STRING when using "
                             "booleans as conditions.")
    return result, reason


def _eval_skip(item):
    marks = item.marks
    if not marks:
        return None
    for m in marks:
        if m.name == "skipif":
            conditions = (m.kwargs["condition"],) if "condition" in m.kwargs else m.args
            if not conditions:
                return m.kwargs.get("reason", "")
            for c in conditions:
                result, reason = _eval_condition(item, m, c)
                if result:
                    return reason
    for m in marks:
        if m.name == "skip":
            if m.args:
                return str(m.args[0])
            return m.kwargs.get("reason", "unconditional skip")
    return None


def _eval_xfail(item):
    for m in item.marks:
        if m.name != "xfail":
            continue
        run = m.kwargs.get("run", True)
        strict = m.kwargs.get("strict", bool(item.session_config.getini("xfail_strict") in (True, "true", "True", "1")))
        raises = m.kwargs.get("raises")
        conditions = (m.kwargs["condition"],) if "condition" in m.kwargs else m.args
        if not conditions:
            return _XFail(m.kwargs.get("reason", ""), run, strict, raises)
        for c in conditions:
            result, reason = _eval_condition(item, m, c)
            if result:
                return _XFail(reason, run, strict, raises)
    return None
