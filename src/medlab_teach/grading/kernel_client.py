"""The grader's kernel client: ready as soon as the kernel has answered, not 0.2 s later.

jupyter_client's ``wait_for_ready`` ends by draining IOPub until it has been silent for
0.2 s, and retries after 0.2 s when IOPub is not yet connected: about a third of a second of
idle time per kernel, which is a third of the grading time of a short notebook. Here the kernel
is ready once it has answered a ``kernel_info`` request on the shell channel **and** its IOPub
has carried the ``idle`` status of that same request (proof that IOPub is connected, so no
output of the first cell can be lost). Older IOPub messages need no draining: the executor
reads only the messages whose parent is the request it sent.

The client also retries its connections every few milliseconds instead of ZeroMQ's 100 ms: it
connects as soon as the kernel is forked, before the kernel has bound its ports, and a first
refused attempt would otherwise cost a tenth of a second.
"""

from __future__ import annotations

import time
from queue import Empty
from typing import Any

import zmq
from jupyter_client.asynchronous import AsyncKernelClient

SHELL_WAIT = 1.0
IOPUB_WAIT = 0.05
RECONNECT_MS = 5


class ReadyKernelClient(AsyncKernelClient):
    """An asynchronous kernel client whose readiness check waits for the kernel, not a timer."""

    def start_channels(self, *args: Any, **kwargs: Any) -> None:
        """Open the channels, retrying refused connections every few milliseconds."""
        self.context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
        super().start_channels(*args, **kwargs)

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        """Return once the kernel answers on shell and IOPub; raise if it dies or times out."""
        deadline = time.monotonic() + (timeout if timeout is not None else float("inf"))
        while True:
            request = self.kernel_info()
            reply = await self._reply_to(request, min(SHELL_WAIT, _left(deadline)))
            if reply is not None and await self._idle_after(request, _left(deadline)):
                self._handle_kernel_info_reply(reply)
                return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _reply_to(self, request: str, wait: float) -> dict[str, Any] | None:
        """The shell reply to ``request``, or None if none came in ``wait`` seconds."""
        until = time.monotonic() + wait
        while (left := until - time.monotonic()) > 0:
            try:
                msg = await self.shell_channel.get_msg(timeout=left)
            except Empty:
                return None
            if msg.get("parent_header", {}).get("msg_id") == request:
                return msg
        return None

    async def _idle_after(self, request: str, left: float) -> bool:
        """Whether IOPub carries the ``idle`` status of ``request`` (it is then connected)."""
        until = time.monotonic() + min(IOPUB_WAIT, left)
        while (wait := until - time.monotonic()) > 0:
            try:
                msg = await self.iopub_channel.get_msg(timeout=wait)
            except Empty:
                return False
            if (msg.get("parent_header", {}).get("msg_id") == request
                    and msg.get("msg_type") == "status"
                    and msg.get("content", {}).get("execution_state") == "idle"):
                return True
        return False


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())
