"""Plotly figures in state: held as plain JSON dicts and turned back into figures in the page.

A `go.Figure` state default costs ~20 ms to copy into every new browser tab's state; a dict does not."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import reflex as rx


def plain_figure(figure: go.Figure) -> dict:
    """The figure as the JSON dict a state var holds."""
    return json.loads(pio.to_json(figure))


def figure_data(figure: rx.Var) -> rx.Var:
    """A state's dict figure var, typed back as a figure for `rx.plotly(data=...)`."""
    return figure.to(go.Figure)
