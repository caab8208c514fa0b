"""The MiniMax client against the local fake server: request shape, base_resp and HTTP error
mapping, retries with back-off on rate limits, timeouts, SSE streaming and <think> stripping."""

from __future__ import annotations

import json

import pytest

from inventorypulse.assistant.minimax import (
    NATIVE_PATH,
    USER_MESSAGES,
    MiniMaxClient,
    MiniMaxError,
    ThinkFilter,
    strip_think,
)
from tests.assistant.fake_minimax import base_resp_error, completion, http_error, stream, tool_call

MESSAGES = [{"role": "user", "content": "what is low on stock?"}]
TOOLS = [{"type": "function", "function": {"name": "list_low_stock", "description": "d",
                                           "parameters": {"type": "object", "properties": {}}}}]


def test_request_follows_the_wire_format_and_think_is_stripped(fake_minimax, llm):
    fake_minimax.add(completion("<think>the user wants stock</think>\n\nTwo products are low."))
    result = llm.chat(MESSAGES, TOOLS)
    assert result.text == "Two products are low."
    assert "<think>" in result.content  # kept for the history sent back
    req = fake_minimax.requests[0]
    assert req["path"] == NATIVE_PATH
    assert req["headers"]["Authorization"] == "Bearer test-key"
    body = req["json"]
    assert body["model"] == "MiniMax-M2" and body["messages"] == MESSAGES and body["stream"] is False
    assert body["tools"] == TOOLS and body["tool_choice"] == "auto"


def test_tool_calls_are_parsed_and_echoed_back_whole(fake_minimax, llm):
    fake_minimax.add(completion("", [tool_call("list_low_stock", {"limit": 5}, "call_9")]))
    result = llm.chat(MESSAGES, TOOLS)
    assert [(c.id, c.name, json.loads(c.arguments)) for c in result.tool_calls] == [("call_9", "list_low_stock",
                                                                                    {"limit": 5})]
    assert result.assistant_message()["tool_calls"][0]["function"]["name"] == "list_low_stock"


@pytest.mark.parametrize(("code", "kind"), [(1004, "auth"), (1008, "balance"), (1026, "content_filter"),
                                            (1027, "content_filter"), (1001, "timeout"), (2013, "bad_request")])
def test_base_resp_errors_with_http_200_map_to_user_messages(fake_minimax, llm, code, kind):
    fake_minimax.add(base_resp_error(code, "some status message"))
    with pytest.raises(MiniMaxError) as err:
        llm.chat(MESSAGES)
    assert err.value.kind == kind and err.value.code == code
    assert err.value.user_message == USER_MESSAGES[kind]
    assert len(fake_minimax.requests) == 1  # not retried


def test_user_messages_say_what_to_do():
    assert "MINIMAX_API_KEY" in USER_MESSAGES["auth"]
    assert "top up" in USER_MESSAGES["balance"]
    assert "rephras" in USER_MESSAGES["content_filter"]


def test_rate_limit_is_retried_with_growing_backoff(fake_minimax, llm, sleeps):
    fake_minimax.add(base_resp_error(1002, "rate limit"), base_resp_error(1002, "rate limit"),
                     completion("Done."))
    assert llm.chat(MESSAGES).text == "Done."
    assert len(fake_minimax.requests) == 3
    assert len(sleeps) == 2 and sleeps[1] > sleeps[0] > 0


def test_rate_limit_gives_up_after_the_retries(fake_minimax, llm, sleeps):
    fake_minimax.add(*[base_resp_error(1002, "rate limit")] * 10)
    with pytest.raises(MiniMaxError) as err:
        llm.chat(MESSAGES)
    assert err.value.kind == "rate_limited"
    assert len(fake_minimax.requests) == 1 + llm.max_retries and len(sleeps) == llm.max_retries


def test_http_429_honours_retry_after(fake_minimax, llm, sleeps):
    fake_minimax.add(http_error(429, "Too many requests", "rate_limit_error", {"Retry-After": "3"}),
                     completion("ok"))
    assert llm.chat(MESSAGES).text == "ok"
    assert sleeps == [3.0]


@pytest.mark.parametrize(("status", "err_type", "kind"), [(401, "authentication_error", "auth"),
                                                          (402, "insufficient_quota", "balance"),
                                                          (400, "invalid_request_error", "bad_request")])
def test_openai_compatible_http_errors(fake_minimax, llm, status, err_type, kind):
    fake_minimax.add(http_error(status, "nope", err_type))
    with pytest.raises(MiniMaxError) as err:
        llm.chat(MESSAGES)
    assert err.value.kind == kind


def test_server_errors_are_retried_then_reported(fake_minimax, llm, sleeps):
    fake_minimax.add(*[http_error(500, "boom")] * 4)
    with pytest.raises(MiniMaxError) as err:
        llm.chat(MESSAGES)
    assert err.value.kind == "unavailable" and len(fake_minimax.requests) == 4


def test_timeout_is_reported_and_not_retried(fake_minimax, sleeps):
    client = MiniMaxClient(api_key="k", base_url=fake_minimax.base_url, timeout=0.3, sleep=sleeps.append)
    fake_minimax.add(completion("late") | {"sleep": 1.5})
    with pytest.raises(MiniMaxError) as err:
        client.chat(MESSAGES)
    assert err.value.kind == "timeout" and err.value.user_message == USER_MESSAGES["timeout"]
    assert sleeps == []
    client.close()


def test_unreachable_server_is_unavailable(sleeps):
    client = MiniMaxClient(api_key="k", base_url="http://127.0.0.1:9", timeout=1, max_retries=1, sleep=sleeps.append)
    with pytest.raises(MiniMaxError) as err:
        client.chat(MESSAGES)
    assert err.value.kind == "unavailable" and len(sleeps) == 1
    client.close()


def test_a_body_that_is_not_json_is_a_bad_response(fake_minimax, llm):
    fake_minimax.add({"json": "not an object"}, {"json": {"choices": []}})
    for _ in range(2):
        with pytest.raises(MiniMaxError) as err:
            llm.chat(MESSAGES)
        assert err.value.kind == "bad_response"


def test_streaming_passes_visible_text_as_it_comes(fake_minimax, llm):
    fake_minimax.add(stream(["<thi", "nk>counting shelves</th", "ink>Five items", " are low", "."]))
    deltas: list[str] = []
    result = llm.chat(MESSAGES, on_delta=deltas.append)
    assert "".join(deltas) == "Five items are low."
    assert len(deltas) >= 3  # really incremental
    assert result.text == "Five items are low." and result.finish_reason == "stop"
    assert fake_minimax.requests[0]["json"]["stream"] is True


def test_streamed_tool_calls_are_reassembled(fake_minimax, llm):
    call = tool_call("compare_suppliers", {"product": "PRD-000001", "quantity": 200}, "call_a")
    fake_minimax.add(stream([], [call], done=False))  # no [DONE] line: the end of the body ends it
    result = llm.chat(MESSAGES, TOOLS, on_delta=lambda t: None)
    assert [(c.id, c.name, json.loads(c.arguments)) for c in result.tool_calls] == [
        ("call_a", "compare_suppliers", {"product": "PRD-000001", "quantity": 200})]
    assert result.finish_reason == "tool_calls"


def test_streaming_error_before_any_text_is_mapped_and_retried(fake_minimax, llm, sleeps):
    fake_minimax.add({"sse": [{"choices": [], "base_resp": {"status_code": 1002, "status_msg": "rate"}}]},
                     stream(["ok"]))
    assert llm.chat(MESSAGES, on_delta=lambda t: None).text == "ok"
    assert len(sleeps) == 1


def test_streaming_request_answered_with_a_json_error(fake_minimax, llm):
    fake_minimax.add(base_resp_error(1008, "insufficient balance"))
    with pytest.raises(MiniMaxError) as err:
        llm.chat(MESSAGES, on_delta=lambda t: None)
    assert err.value.kind == "balance"


@pytest.mark.parametrize(("chunks", "visible"), [
    (["plain text"], "plain text"),
    (["<think>x</think>answer"], "answer"),
    (["a<", "think>hidden</think>b"], "ab"),
    (["<think>never closed"], ""),
    (["2 < 3 and <b>bold</b>"], "2 < 3 and <b>bold</b>"),
])
def test_think_filter_across_chunk_boundaries(chunks, visible):
    f = ThinkFilter()
    out = "".join(f.feed(c) for c in chunks) + f.flush()
    assert out == visible
    assert strip_think("".join(chunks)) == visible.strip()
