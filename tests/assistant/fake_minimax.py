"""A local stand-in for MiniMax's chat completion endpoint, speaking its wire format: OpenAI-style
choices and tool_calls, `base_resp` (HTTP 200 with status_code != 0 for errors), the
OpenAI-compatible `{"error": ...}` bodies, and SSE streaming (`data: {json}` lines, optional
`data: [DONE]`).

Each POST takes the next scripted reply; a reply may also be a function of the request body, so
the fake "model" can answer from the tool results it was sent back.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = dict[str, Any]


def completion(content: str = "", tool_calls: list[dict] | None = None, *, finish: str | None = None) -> Reply:
    """A native-endpoint success body."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    return {"json": {
        "id": "chatcmpl-fake", "object": "chat.completion", "model": "MiniMax-M2",
        "choices": [{"index": 0, "finish_reason": finish or ("tool_calls" if tool_calls else "stop"),
                     "message": message}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
        "base_resp": {"status_code": 0, "status_msg": ""},
    }}


def tool_call(name: str, arguments: dict | str, call_id: str = "call_1") -> dict[str, Any]:
    args = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": args}}


def base_resp_error(code: int, msg: str) -> Reply:
    """How the native endpoint reports errors: HTTP 200 and a non-zero base_resp.status_code."""
    return {"json": {"id": "", "choices": None, "base_resp": {"status_code": code, "status_msg": msg}}}


def http_error(status: int, message: str, err_type: str = "error", headers: dict | None = None) -> Reply:
    """The OpenAI-compatible endpoint's error shape."""
    return {"status": status, "json": {"error": {"type": err_type, "message": message, "code": str(status)}},
            "headers": headers or {}}


def stream(chunks: list[str], tool_calls: list[dict] | None = None, *, done: bool = True) -> Reply:
    """SSE events: one delta per chunk, tool calls split in two deltas, finish_reason on the last."""
    events = [{"id": "c", "choices": [{"index": 0, "delta": {"role": "assistant", "content": c}}]} for c in chunks]
    for i, call in enumerate(tool_calls or []):
        args = call["function"]["arguments"]
        half = len(args) // 2
        events.append({"choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": i, "id": call["id"], "type": "function",
             "function": {"name": call["function"]["name"], "arguments": args[:half]}}]}}]})
        events.append({"choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": i, "function": {"arguments": args[half:]}}]}}]})
    events.append({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls" if tool_calls else "stop"}],
                   "usage": {"total_tokens": 42}, "base_resp": {"status_code": 0, "status_msg": ""}})
    return {"sse": events, "done": done}


class FakeMiniMax:
    def __init__(self) -> None:
        self.replies: deque[Reply | Callable[[dict], Reply]] = deque()
        self.requests: list[dict[str, Any]] = []  # {"path", "headers", "json"}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append({"path": self.path, "headers": dict(self.headers), "json": body})
                reply = fake.replies.popleft() if fake.replies else base_resp_error(1024, "no scripted reply")
                if callable(reply):
                    reply = reply(body)
                fake._send(self, reply)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeMiniMax:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add(self, *replies: Reply | Callable[[dict], Reply]) -> None:
        self.replies.extend(replies)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        if reply.get("sleep"):
            time.sleep(reply["sleep"])
        try:
            if "sse" in reply:
                handler.send_response(reply.get("status", 200))
                handler.send_header("Content-Type", "text/event-stream")
                handler.end_headers()
                for event in reply["sse"]:
                    handler.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    handler.wfile.flush()
                if reply.get("done", True):
                    handler.wfile.write(b"data: [DONE]\n\n")
                return
            payload = json.dumps(reply.get("json", {})).encode()
            handler.send_response(reply.get("status", 200))
            handler.send_header("Content-Type", "application/json")
            for key, value in reply.get("headers", {}).items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
            pass
