"""MiniMax chat completions over httpx: tool calls, SSE streaming, error mapping, bounded retries.

Wire format (see INTEGRATIONS.md): OpenAI-style request and response. The native endpoint often
answers HTTP 200 with `base_resp.status_code != 0` to signal an error; the OpenAI-compatible one
answers 4xx/5xx with `{"error": {...}}`. Both are mapped to a `MiniMaxError` whose `user_message`
can be shown as is. Reasoning models put `<think>…</think>` in the content: it is kept in the
messages sent back (MiniMax asks for the full assistant message) and stripped before display.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..config import settings

log = logging.getLogger(__name__)

NATIVE_PATH = "/v1/text/chatcompletion_v2"
OPENAI_PATH = "/v1/chat/completions"
MAX_RETRIES = 3  # after the first attempt, on rate limits and transient server errors only
BACKOFF_SECONDS = 1.0  # doubled per retry, with jitter; a Retry-After header wins (up to MAX_BACKOFF)
MAX_BACKOFF = 20.0
MAX_TOKENS = 2048
TEMPERATURE = 0.2

USER_MESSAGES = {
    "auth": "The assistant could not sign in to MiniMax: the API key was refused. "
            "An administrator needs to check MINIMAX_API_KEY.",
    "balance": "The MiniMax account has run out of credit, so the assistant cannot answer right now. "
               "An administrator needs to top up the account.",
    "content_filter": "MiniMax's content filter blocked this question or its answer. Try rephrasing the question.",
    "rate_limited": "MiniMax is receiving too many requests right now. Wait a minute and ask again.",
    "timeout": "MiniMax did not answer in time. Ask again, or try a shorter question.",
    "unavailable": "MiniMax is unavailable at the moment. Try again shortly.",
    "bad_request": "MiniMax refused the request as invalid. Try rephrasing the question.",
    "bad_response": "MiniMax sent an answer the assistant could not read. Ask again.",
}
# base_resp.status_code of the native API.
BASE_RESP_KINDS = {1000: "unavailable", 1001: "timeout", 1002: "rate_limited", 1004: "auth", 1008: "balance",
                   1013: "unavailable", 1024: "unavailable", 1026: "content_filter", 1027: "content_filter",
                   1033: "unavailable", 1039: "bad_request", 2013: "bad_request", 2049: "auth"}
RETRYABLE = ("rate_limited", "unavailable")


class MiniMaxError(Exception):
    def __init__(self, kind: str, detail: str = "", *, code: int | None = None, retry_after: float | None = None,
                 partial: bool = False):
        super().__init__(f"MiniMax {kind} ({code}): {detail}" if code is not None else f"MiniMax {kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.code = code  # base_resp status code or HTTP status
        self.retry_after = retry_after
        self.partial = partial  # part of a streamed answer was already shown: never retried

    @property
    def user_message(self) -> str:
        return USER_MESSAGES.get(self.kind, USER_MESSAGES["unavailable"])

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE and not self.partial


# --- <think> blocks --------------------------------------------------------------------------

THINK_RE = re.compile(r"<think>.*?(</think>|$)", re.DOTALL)


def strip_think(text: str | None) -> str:
    """The content without reasoning blocks (an unclosed one runs to the end)."""
    return THINK_RE.sub("", text or "").strip()


class ThinkFilter:
    """Streaming twin of strip_think: feed chunks, get the visible text (tags may span chunks)."""

    OPEN, CLOSE = "<think>", "</think>"

    def __init__(self) -> None:
        self.buffer = ""
        self.inside = False

    def feed(self, chunk: str) -> str:
        self.buffer += chunk
        out = []
        while True:
            if self.inside:
                end = self.buffer.find(self.CLOSE)
                if end < 0:
                    self.buffer = self.buffer[-(len(self.CLOSE) - 1):]
                    break
                self.buffer, self.inside = self.buffer[end + len(self.CLOSE):], False
                continue
            start = self.buffer.find(self.OPEN)
            if start >= 0:
                out.append(self.buffer[:start])
                self.buffer, self.inside = self.buffer[start + len(self.OPEN):], True
                continue
            keep = next((n for n in range(len(self.OPEN) - 1, 0, -1) if self.buffer.endswith(self.OPEN[:n])), 0)
            out.append(self.buffer[:len(self.buffer) - keep])
            self.buffer = self.buffer[len(self.buffer) - keep:]
            break
        return "".join(out)

    def flush(self) -> str:
        rest, self.buffer = ("" if self.inside else self.buffer), ""
        return rest


# --- results ---------------------------------------------------------------------------------

@dataclass
class ToolCall:
    id: str
    name: str
    arguments: str  # a JSON string, as the model wrote it

    def as_message(self) -> dict[str, Any]:
        return {"id": self.id, "type": "function", "function": {"name": self.name, "arguments": self.arguments}}


@dataclass
class Completion:
    content: str  # as received, <think> included
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None
    usage: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return strip_think(self.content)

    def assistant_message(self) -> dict[str, Any]:
        msg: dict[str, Any] = {"role": "assistant", "content": self.content}
        if self.tool_calls:
            msg["tool_calls"] = [c.as_message() for c in self.tool_calls]
        return msg


def _tool_calls(raw: list[dict[str, Any]] | None) -> list[ToolCall]:
    calls = []
    for i, c in enumerate(raw or []):
        fn = c.get("function") or {}
        args = fn.get("arguments")
        calls.append(ToolCall(c.get("id") or f"call_{i}", fn.get("name") or "",
                              args if isinstance(args, str) else json.dumps(args or {})))
    return calls


# --- error mapping ---------------------------------------------------------------------------

def _retry_after(response: httpx.Response | None) -> float | None:
    value = response.headers.get("retry-after") if response is not None else None
    try:
        return min(float(value), MAX_BACKOFF) if value else None
    except ValueError:
        return None


def check_body(body: Any, status: int = 200) -> None:
    """Raise for the error shapes in a body (MiniMax sends them with HTTP 200 too)."""
    if not isinstance(body, dict):
        raise MiniMaxError("bad_response", "the body is not a JSON object")
    base = body.get("base_resp") or {}
    code = base.get("status_code") or 0
    if code:
        raise MiniMaxError(BASE_RESP_KINDS.get(code, "unavailable"), base.get("status_msg") or "", code=code)
    if isinstance(body.get("error"), dict):
        raise _openai_error(body["error"], status)


def _openai_error(error: dict[str, Any], status: int) -> MiniMaxError:
    text = f"{error.get('type', '')} {error.get('code', '')} {error.get('message', '')}".lower()
    if status in (401, 403) or "auth" in text or "api key" in text:
        kind = "auth"
    elif status == 402 or "balance" in text or "quota" in text:
        kind = "balance"
    elif status == 429 or "rate limit" in text or "rate_limit" in text or "too many" in text:
        kind = "rate_limited"
    elif "sensitive" in text or "content" in text and "filter" in text:
        kind = "content_filter"
    elif status in (408, 504) or "timeout" in text:
        kind = "timeout"
    elif status == 400 or status == 422:
        kind = "bad_request"
    else:
        kind = "unavailable"
    return MiniMaxError(kind, str(error.get("message") or ""), code=status)


def check_response(response: httpx.Response) -> None:
    """Raise for an HTTP error status, whatever shape its body has."""
    if response.status_code < 400:
        return
    retry_after = _retry_after(response)
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        try:
            check_body(body, response.status_code)
        except MiniMaxError as exc:
            exc.retry_after = retry_after
            raise
    err = _openai_error(body.get("error") if isinstance(body, dict) and isinstance(body.get("error"), dict)
                        else {"message": response.text[:200]}, response.status_code)
    err.retry_after = retry_after
    raise err


# --- the client ------------------------------------------------------------------------------

class MiniMaxClient:
    def __init__(self, *, api_key: str, base_url: str = "https://api.minimax.io", model: str = "MiniMax-M2",
                 timeout: float = 60.0, path: str = NATIVE_PATH, max_retries: int = MAX_RETRIES,
                 backoff: float = BACKOFF_SECONDS, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.model = model
        self.url = base_url.rstrip("/") + path
        self.max_retries = max_retries
        self.backoff = backoff
        self.sleep = sleep
        self.http = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(10.0, timeout)), transport=transport,
                                 headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"})

    @classmethod
    def from_settings(cls) -> MiniMaxClient:
        return cls(api_key=settings.minimax_api_key or "", base_url=settings.minimax_base_url,
                   model=settings.minimax_model, timeout=settings.minimax_timeout)

    def close(self) -> None:
        self.http.close()

    def chat(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None, *,
             on_delta: Callable[[str], None] | None = None) -> Completion:
        """One completion. With `on_delta` the answer is streamed and its visible text passed on as it comes."""
        body: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": TEMPERATURE,
                                "max_tokens": MAX_TOKENS, "stream": on_delta is not None}
        if tools:
            body |= {"tools": tools, "tool_choice": "auto"}
        attempt = 0
        while True:
            try:
                return self._stream(body, on_delta) if on_delta else self._once(body)
            except MiniMaxError as exc:
                if not exc.retryable or attempt >= self.max_retries:
                    raise
                delay = exc.retry_after or min(MAX_BACKOFF, self.backoff * 2 ** attempt * (1 + random.random() / 4))
                log.info("MiniMax %s, retry %d in %.2fs", exc.kind, attempt + 1, delay)
                self.sleep(delay)
                attempt += 1

    def _post(self, body: dict[str, Any]) -> httpx.Response:
        try:
            return self.http.post(self.url, json=body)
        except httpx.TimeoutException as exc:
            raise MiniMaxError("timeout", str(exc) or "no answer in time") from exc
        except httpx.TransportError as exc:
            raise MiniMaxError("unavailable", str(exc) or type(exc).__name__) from exc

    def _once(self, body: dict[str, Any]) -> Completion:
        response = self._post(body)
        check_response(response)
        try:
            data = response.json()
        except ValueError as exc:
            raise MiniMaxError("bad_response", "the body is not JSON") from exc
        return _completion(data)

    def _stream(self, body: dict[str, Any], on_delta: Callable[[str], None]) -> Completion:
        shown = False
        try:
            with self.http.stream("POST", self.url, json=body) as response:
                if response.status_code >= 400:
                    response.read()
                    check_response(response)
                if "text/event-stream" not in response.headers.get("content-type", ""):
                    response.read()  # an error (or a whole answer) sent as plain JSON
                    try:
                        completion = _completion(response.json())
                    except ValueError as exc:
                        raise MiniMaxError("bad_response", "the body is not JSON") from exc
                    if completion.text:
                        on_delta(completion.text)
                    return completion
                stream = _StreamState()
                for event in _sse_events(response.iter_lines()):
                    visible = stream.add(event)
                    if visible:
                        shown = True
                        on_delta(visible)
                tail = stream.think.flush()
                if tail:
                    on_delta(tail)
                completion = stream.completion()
                if not shown and not tail and completion.text:  # the text came only as a whole message
                    on_delta(completion.text)
                return completion
        except httpx.TimeoutException as exc:
            raise MiniMaxError("timeout", str(exc) or "no answer in time", partial=shown) from exc
        except httpx.TransportError as exc:
            raise MiniMaxError("unavailable", str(exc) or type(exc).__name__, partial=shown) from exc
        except MiniMaxError as exc:
            exc.partial = exc.partial or shown
            raise


def _completion(data: Any) -> Completion:
    check_body(data)
    choices = data.get("choices") or []
    if not choices or not isinstance(choices[0], dict):
        raise MiniMaxError("bad_response", "no choices in the answer")
    message = choices[0].get("message") or {}
    return Completion(message.get("content") or "", _tool_calls(message.get("tool_calls")),
                      choices[0].get("finish_reason"), data.get("usage") or {})


def _sse_events(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    for line in lines:
        line = line.strip()
        if not line.startswith("data:"):
            continue  # comments, event names, keep-alives
        payload = line[5:].strip()
        if payload == "[DONE]":
            return
        try:
            event = json.loads(payload)
        except ValueError as exc:
            raise MiniMaxError("bad_response", f"unreadable stream event {payload[:80]!r}") from exc
        check_body(event)
        yield event


class _StreamState:
    """Accumulates streamed deltas: content, tool calls split over chunks, the finish reason."""

    def __init__(self) -> None:
        self.content = ""
        self.calls: dict[int, dict[str, str]] = {}
        self.finish_reason: str | None = None
        self.usage: dict[str, Any] = {}
        self.final_message: dict[str, Any] | None = None
        self.think = ThinkFilter()

    def add(self, event: dict[str, Any]) -> str:
        self.usage = event.get("usage") or self.usage
        visible = ""
        for choice in event.get("choices") or []:
            self.finish_reason = choice.get("finish_reason") or self.finish_reason
            delta = choice.get("delta") or {}
            if delta.get("content"):
                self.content += delta["content"]
                visible += self.think.feed(delta["content"])
            for i, call in enumerate(delta.get("tool_calls") or []):
                slot = self.calls.setdefault(call.get("index", i), {"id": "", "name": "", "arguments": ""})
                fn = call.get("function") or {}
                slot["id"] = call.get("id") or slot["id"]
                slot["name"] = slot["name"] or fn.get("name") or ""
                args = fn.get("arguments")
                slot["arguments"] += args if isinstance(args, str) else json.dumps(args) if args else ""
            if choice.get("message"):  # some servers repeat the whole message in the last event
                self.final_message = choice["message"]
        return visible

    def completion(self) -> Completion:
        calls = [ToolCall(c["id"] or f"call_{i}", c["name"], c["arguments"] or "{}")
                 for i, c in sorted(self.calls.items())]
        content = self.content
        if self.final_message:
            content = content or self.final_message.get("content") or ""
            calls = calls or _tool_calls(self.final_message.get("tool_calls"))
        return Completion(content, calls, self.finish_reason, self.usage)
