"""Run-time outcomes (skip, xfail, fail) raised by test code, ours and pytest's, mapped to one vocabulary."""
import sys
import unittest


class OutcomeException(BaseException):
    """Base of our own outcome exceptions; BaseException like pytest's so `except Exception` does not swallow them."""

    def __init__(self, msg="", pytrace=True):
        super().__init__(msg)
        self.msg = msg
        self.pytrace = pytrace


class Skipped(OutcomeException):
    __module__ = "builtins"  # as pytest's: printed "Skipped: ...", not with this module's name

    def __init__(self, msg="", allow_module_level=False):
        super().__init__(msg)
        self.allow_module_level = allow_module_level


class Failed(OutcomeException):
    __module__ = "builtins"  # as pytest's: printed "Failed: ..." (the message of a failed test is pytest's exconly)


class XFailed(Failed):
    pass


def skip(reason="", *, allow_module_level=False):
    raise Skipped(reason, allow_module_level=allow_module_level)


def fail(reason="", pytrace=True):
    raise Failed(reason, pytrace=pytrace)


def xfail(reason=""):
    raise XFailed(reason)


def classify(exc):
    """Return ('skip'|'xfail'|'fail'|'error', message, pytrace) for an exception raised by test code.

    'fail' is pytest.fail(); 'error' is any other exception.
    """
    name = type(exc).__name__
    if isinstance(exc, OutcomeException) or _is_pytest_outcome(type(exc)):
        msg = getattr(exc, "msg", None)
        msg = "" if msg is None else str(msg)
        if isinstance(exc, Skipped) or name == "Skipped":
            return "skip", msg, False
        if isinstance(exc, XFailed) or name == "XFailed":
            return "xfail", msg, False
        if name == "Exit":
            return "exit", msg, False
        return "fail", msg, bool(getattr(exc, "pytrace", True))
    if isinstance(exc, unittest.SkipTest):
        return "skip", str(exc), False
    return "error", "", True


def _is_pytest_outcome(cls):
    for klass in cls.__mro__:
        if klass.__name__ == "OutcomeException" and klass.__module__ == "_pytest.outcomes":
            return True
    return False


def pytest_module():
    """pytest if the user's code already imported it, else None (we never import it ourselves)."""
    return sys.modules.get("pytest")
