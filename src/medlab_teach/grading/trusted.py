"""The test runner: the process where autograder tests run, out of the student's reach.

Started by the grader (:mod:`.testrunner`) in its own sandbox, as its own uid, with no student
file anywhere on its path. It never runs student code: it runs the assignment's read-only setup
cells once, then for each submission **forks** a fresh child that runs that submission's test
cells on values received as data (:mod:`.transfer`). When a test calls a student's function,
the child asks the grader, which calls it in the student's kernel and sends back data.

Protocol: length-prefixed JSON messages on stdin/stdout (file descriptors 0 and 1, kept away
from the tests' own printing). Requests and replies, all dicts with an ``op``:

* ``session`` {key, setup: [code]} → the zygote forks a child, which answers ``ready`` {errors};
* ``run`` {code, name, values, refused, missing, callables} → ``call``* then ``done`` {outputs,
  refused};
* ``end`` → the child exits and the zygote answers ``ended`` {status};
* the grader answers a ``call`` {name, args, kwargs} with ``return`` {reply}.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import io
import json
import linecache
import os
import struct
import sys
import traceback
from typing import Any

from . import transfer

_HEADER = struct.Struct(">I")
MAX_MESSAGE = transfer.MAX_BYTES * 2


class Channel:
    """Framed JSON messages over two file descriptors."""

    def __init__(self, fd_in: int, fd_out: int) -> None:
        self.fd_in = fd_in
        self.fd_out = fd_out

    def send(self, message: dict[str, Any]) -> None:
        """Write one message."""
        body = json.dumps(message, separators=(",", ":")).encode()
        data = _HEADER.pack(len(body)) + body
        while data:
            written = os.write(self.fd_out, data)
            data = data[written:]

    def recv(self) -> dict[str, Any] | None:
        """Read one message (None at end of input)."""
        header = _read_exactly(self.fd_in, _HEADER.size)
        if header is None:
            return None
        (size,) = _HEADER.unpack(header)
        if size > MAX_MESSAGE:
            raise ValueError("message too large")
        body = _read_exactly(self.fd_in, size)
        return None if body is None else json.loads(body)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class ChannelClosed(BaseException):
    """The grader went away: stop at once (never caught by a test's ``except``)."""


class StudentCodeError(Exception):
    """An exception raised by the student's function that is not one of Python's own."""


class StudentFunction:
    """Stands in for a student's function: calls it in the student's kernel, with data only."""

    def __init__(self, name: str, channel: Channel) -> None:
        self.name = name
        self._channel = channel
        self.__name__ = name

    def __repr__(self) -> str:
        return f"<student function {self.name}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            request = {"op": "call", "name": self.name, "args": transfer.encode(list(args)),
                       "kwargs": transfer.encode(dict(kwargs))}
        except transfer.NotDataError as exc:
            raise TypeError(f"the test's argument for {self.name}() cannot be sent to the "
                            f"student's code: {exc}") from None
        self._channel.send(request)
        reply = self._channel.recv()
        if reply is None:
            raise ChannelClosed
        answer = reply.get("reply") or {}
        if "value" in answer:
            try:
                return transfer.decode(answer["value"])
            except transfer.NotDataError as exc:
                raise StudentCodeError(f"{self.name}() returned a value that is not plain "
                                       f"data: {exc}") from None
        if "error" in answer:
            ename, evalue = [*list(answer["error"]), "", ""][:2]
            raise _student_exception(str(ename), str(evalue))
        raise StudentCodeError(str(answer.get("refused") or f"{self.name}() did not answer"))


def _student_exception(ename: str, evalue: str) -> Exception:
    """The student's exception as Python's class of that name when it is one, else generic."""
    kind = getattr(builtins, ename, None)
    if (isinstance(kind, type) and issubclass(kind, Exception)
            and not issubclass(kind, (StopIteration, StopAsyncIteration))):
        try:
            return kind(evalue)
        except Exception:
            pass
    return StudentCodeError(f"{ename}: {evalue}")


def run_code(code: str, namespace: dict[str, Any], filename: str) -> list[dict[str, Any]]:
    """Execute a cell's code in ``namespace``; its outputs as nbformat output dicts."""
    outputs: list[dict[str, Any]] = []
    out, err = io.StringIO(), io.StringIO()
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    result: Any = None
    try:
        tree = ast.parse(code, filename=filename)
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            exec(compile(tree, filename, "exec"), namespace)
            if last is not None:
                expression = ast.Expression(last.value)
                result = eval(compile(expression, filename, "eval"), namespace)
    except ChannelClosed:
        raise
    except BaseException as exc:
        error = _error_output(exc)
    else:
        error = None
    for name, stream in (("stdout", out), ("stderr", err)):
        if stream.getvalue():
            outputs.append({"output_type": "stream", "name": name, "text": stream.getvalue()})
    if result is not None and error is None:
        outputs.append({"output_type": "execute_result", "execution_count": None,
                        "metadata": {}, "data": {"text/plain": _safe_repr(result)}})
    if error is not None:
        outputs.append(error)
    return outputs


def _safe_repr(value: Any) -> str:
    try:
        return repr(value)[:10_000]
    except Exception as exc:
        return f"<unprintable {type(exc).__name__}>"


def _error_output(exc: BaseException) -> dict[str, Any]:
    """An error output laid out like IPython's (so notebooks and feedback look as usual)."""
    frames = traceback.extract_tb(exc.__traceback__)
    shown = [f for f in frames if f.filename.startswith("<")]
    ename, evalue = type(exc).__name__, str(exc)
    red = f"\x1b[0;31m{ename}\x1b[0m"
    return {"output_type": "error", "ename": ename, "evalue": evalue,
            "traceback": [f"{red}{' ' * max(1, 42 - len(ename))}Traceback (most recent call "
                          "last)", "".join(traceback.format_list(shown)).rstrip("\n"),
                          f"{red}: {evalue}"]}


def not_data_output(refused: dict[str, str]) -> dict[str, Any]:
    """The error a test cell shows when a value it needs could not cross as data."""
    parts = [f"`{name}`: {reason}" for name, reason in sorted(refused.items())]
    message = ("this question scores 0 because the grader can only test plain data (numbers, "
               "text, True/False, None, lists, tuples, dicts, sets, numpy arrays, pandas "
               "tables and the kit's own objects), and " + "; ".join(parts))
    return {"output_type": "error", "ename": "NotPlainData", "evalue": message,
            "traceback": [f"NotPlainData: {message}"]}


def run_request(request: dict[str, Any], namespace: dict[str, Any],
                channel: Channel) -> dict[str, Any]:
    """Decode the values a test needs, then run it; the ``done`` reply."""
    refused = {str(k): str(v) for k, v in dict(request.get("refused") or {}).items()}
    callables = set(request.get("callables") or [])
    decoded: dict[str, Any] = {}
    for name, tree in dict(request.get("values") or {}).items():
        try:
            if name in callables:
                decoded[name] = transfer.decode(
                    tree, function=lambda n, name=name: StudentFunction(name, channel))
            else:
                decoded[name] = transfer.decode(tree)
        except transfer.NotDataError as exc:
            refused[name] = str(exc)
    if refused:
        return {"op": "done", "outputs": [not_data_output(refused)], "refused": refused}
    for name in request.get("missing") or []:
        namespace.pop(str(name), None)
    namespace.update(decoded)
    outputs = run_code(str(request["code"]), namespace, f"<test {request.get('name', '')}>")
    return {"op": "done", "outputs": outputs, "refused": {}}


def session(channel: Channel, namespace: dict[str, Any], errors: list[str]) -> None:
    """A forked child: run one submission's tests, then exit."""
    channel.send({"op": "ready", "errors": errors})
    while True:
        request = channel.recv()
        if request is None or request.get("op") != "run":
            return
        channel.send(run_request(request, namespace, channel))


def prepare(setup: list[str]) -> tuple[dict[str, Any], list[str]]:
    """Run the assignment's read-only setup cells once (shared by every forked child)."""
    namespace: dict[str, Any] = {"__name__": "__main__", "__builtins__": builtins}
    errors: list[str] = []
    for i, code in enumerate(setup):
        for output in run_code(code, namespace, f"<setup {i}>"):
            if output["output_type"] == "error":
                errors.append(f"{output['ename']}: {output['evalue']}"[:500])
    return namespace, errors


def zygote(channel: Channel) -> None:
    """Serve sessions: prepare each setup once, fork a fresh child per submission."""
    prepared: dict[str, tuple[dict[str, Any], list[str]]] = {}
    while True:
        request = channel.recv()
        if request is None or request.get("op") != "session":
            return
        key = str(request.get("key", ""))
        if key not in prepared:
            prepared[key] = prepare([str(code) for code in request.get("setup") or []])
        namespace, errors = prepared[key]
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                session(channel, dict(namespace), errors)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                sys.stdout.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        channel.send({"op": "ended", "status": status})


def main() -> None:
    """Entry point inside the sandbox (``python -m medlab_teach.grading.trusted``)."""
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", cwd, ".")]
    fd_out = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # anything printed at the C level must not corrupt the protocol
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    for name in ("numpy", "pandas", "medlab_teach.data"):
        with contextlib.suppress(ImportError):
            __import__(name)
    with contextlib.suppress(ImportError):
        from medlab_teach import data  # tests load tables: parsed once, copied in each child

        data.preload_tables()
    zygote(Channel(0, fd_out))


if __name__ == "__main__":
    main()
