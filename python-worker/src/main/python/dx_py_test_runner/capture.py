"""Per-test capture of sys.stdout/sys.stderr and of logging records."""
import io
import logging
import sys


class CaptureIO(io.TextIOWrapper):
    def __init__(self):
        super().__init__(io.BytesIO(), encoding="UTF-8", newline="", write_through=True)

    def getvalue(self):
        buf = self.buffer
        return buf.getvalue().decode("UTF-8") if buf.tell() else ""

    def reset(self):
        buf = self.buffer
        if buf.tell():  # nothing written (most tests): nothing to drop
            buf.seek(0)
            buf.truncate()


LOG_FORMAT = "%(levelname)-8s %(name)s:%(filename)s:%(lineno)d %(message)s"


class LogCaptureHandler(logging.Handler):
    def __init__(self):
        super().__init__(0)
        self.records = []
        self.setFormatter(logging.Formatter(LOG_FORMAT))

    def emit(self, record):
        self.records.append(record)

    def reset(self):
        self.records = []

    def text(self):
        if not self.records:
            return ""
        out = []
        for r in self.records:
            try:
                out.append(self.format(r))
            except Exception:
                out.append(str(r.msg))
        return "\n".join(out) + ("\n" if out else "")


class Capture:
    """Swap stdout/stderr for buffers and add a logging handler for one test."""

    __slots__ = ("out", "err", "saved_out", "saved_err", "handler")

    def __init__(self):
        self.out = CaptureIO()
        self.err = CaptureIO()
        self.handler = LogCaptureHandler()
        self.saved_out = self.saved_err = None

    def start(self):
        self.out.reset()
        self.err.reset()
        handler = self.handler
        if handler.records:
            handler.reset()
        self.saved_out, self.saved_err = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = self.out, self.err
        logging.root.addHandler(handler)  # logging.getLogger() is logging.root

    def stop(self):
        logging.root.removeHandler(self.handler)
        sys.stdout, sys.stderr = self.saved_out, self.saved_err
        return self.out.getvalue(), self.err.getvalue(), self.handler.text()
