"""The inventory assistant: typed tools over the services, the MiniMax client with its tool loop,
and an offline intent router that answers the common questions without any LLM.

    tools.py     the tool registry (JSON-schema parameters, argument checks, permission check)
    toolset_*.py the tools themselves, each one a call to the services (lookup.py resolves names)
    minimax.py   MiniMax chat completions (tool calls, SSE streaming, error mapping, retries)
    agent.py     one question in, one answer out (LLM loop or offline router)
    router.py    the offline intent router (phrases.py reads dates and numbers; render.py writes answers)
    history.py   conversations per user and actions awaiting confirmation; chat.py one stored exchange
"""
