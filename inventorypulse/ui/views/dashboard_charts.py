"""Plotly figures of the dashboard, built from service results (small payloads: no template, ≤ 90 points).

Colours are fixed mid-tones that read on both light and dark backgrounds; axes, fonts and grid
come from the light/dark template Reflex applies with the colour mode.
"""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go

from ...services.dashboard import CategoryValue, TopSeller
from ...services.dashboard_series import AVERAGE_DAYS, SalesPoint, ValuePoint
from ..format import money_short

TEAL = "#12a594"  # Radix teal 9, the accent colour
AMBER = "#f5a524"
BAR = "rgba(18, 165, 148, 0.45)"
GRID = "rgba(128, 128, 128, 0.18)"
HEIGHT = 290
CONFIG = {"displayModeBar": False, "responsive": True}


# Fixed margins instead of plotly's automargin, which lays every chart out twice (~35 ms per chart
# on first draw in a fresh tab).
TIME_MARGIN = {"l": 52, "r": 12, "t": 8, "b": 40}


def _label_margin(labels: list[str]) -> dict:
    """Room for horizontal bars' category labels (about 6.6 px per character at 12 px)."""
    width = max((len(label) for label in labels), default=4)
    return {"l": int(min(220, 16 + 6.6 * width)), "r": 16, "t": 8, "b": 28}


def _layout(fig: go.Figure, margin: dict, **extra) -> go.Figure:
    fig.update_layout({
        "template": None,
        "height": HEIGHT,
        "autosize": True,
        "margin": margin,
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "inherit", "size": 12},
        "showlegend": False,
        "hoverlabel": {"font": {"size": 12}},
    } | extra)
    fig.update_xaxes(gridcolor=GRID, zeroline=False, automargin=False, fixedrange=True)
    fig.update_yaxes(gridcolor=GRID, zeroline=False, automargin=False, fixedrange=True)
    return fig


def stock_value_figure(points: list[ValuePoint]) -> go.Figure:
    fig = go.Figure(go.Scatter(
        x=[p.day.isoformat() for p in points], y=[float(p.value) for p in points], mode="lines",
        line={"color": TEAL, "width": 2.5, "shape": "spline", "smoothing": 0.3}, fill="tozeroy",
        fillcolor="rgba(18, 165, 148, 0.12)", hovertemplate="%{x|%b %d}<br><b>%{y:$,.0f}</b><extra></extra>",
    ))
    _layout(fig, TIME_MARGIN, hovermode="x")
    fig.update_yaxes(tickprefix="$", tickformat="~s", rangemode="tozero")
    return fig


def units_sold_figure(points: list[SalesPoint], history_from: date | None = None) -> go.Figure:
    """`history_from`: the ledger's first day when it is younger than the chart; averages reaching
    before it would count days without data as zero sales, so they are left out."""
    days = [p.day.isoformat() for p in points]
    full_week = history_from + timedelta(days=AVERAGE_DAYS - 1) if history_from else None
    averages = [None if full_week and p.day < full_week else round(p.average, 1) for p in points]
    fig = go.Figure([
        go.Bar(x=days, y=[p.units for p in points], name="Units sold", marker={"color": BAR},
               hovertemplate="%{x|%b %d}: <b>%{y:,}</b> sold<extra></extra>"),
        go.Scatter(x=days, y=averages, name="7-day average", mode="lines",
                   line={"color": AMBER, "width": 2.5}, hovertemplate="7-day avg: <b>%{y:,.0f}</b><extra></extra>"),
    ])
    _layout(fig, TIME_MARGIN | {"t": 28}, hovermode="x unified", showlegend=True, bargap=0.25,
            legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom", "bgcolor": "rgba(0,0,0,0)"})
    fig.update_yaxes(tickformat="~s", rangemode="tozero")
    return fig


def _short(text: str, width: int = 28) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def top_movers_figure(sellers: list[TopSeller]) -> go.Figure:
    names = [_short(s.name) for s in sellers]
    fig = go.Figure(go.Bar(
        x=[s.units_sold for s in sellers], y=names, orientation="h",
        customdata=[[s.product_id, s.sku, s.name] for s in sellers], marker={"color": TEAL},
        text=[f"{s.units_sold:,}" for s in sellers], textposition="auto", cliponaxis=False,
        hovertemplate="<b>%{customdata[2]}</b><br>%{customdata[1]} · %{x:,} units<extra></extra>",
    ))
    _layout(fig, _label_margin(names), bargap=0.3)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(tickformat="~s")
    return fig


def category_value_figure(categories: list[CategoryValue]) -> go.Figure:
    fig = go.Figure(go.Bar(
        x=[float(c.value_cost) for c in categories], y=[c.category for c in categories], orientation="h",
        customdata=[[c.category, c.products, float(c.value_retail)] for c in categories],
        marker={"color": TEAL}, text=[money_short(c.value_cost) for c in categories], textposition="auto",
        hovertemplate="<b>%{customdata[0]}</b><br>%{x:$,.0f} at cost · %{customdata[2]:$,.0f} at retail"
                      "<br>%{customdata[1]:,} products<extra></extra>",
    ))
    _layout(fig, _label_margin([c.category for c in categories]), bargap=0.3)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(tickprefix="$", tickformat="~s")
    return fig

