"""Plotly figures of the analytics screen, built from warehouse query results (dashboard styling)."""

from __future__ import annotations

import plotly.graph_objects as go

from ...warehouse.queries import CategoryFigures, SupplierScore
from .dashboard_charts import AMBER, BAR, TEAL, TIME_MARGIN, _label_margin, _layout

LEGEND = {"orientation": "h", "x": 0, "y": 1.12, "bgcolor": "rgba(0,0,0,0)"}
TOP_SUPPLIERS = 10
LEGEND_MARGIN = TIME_MARGIN | {"t": 28}  # room for the legend above the plot


def sales_figure(daily: list[dict]) -> go.Figure:
    days = [d["day"].isoformat() for d in daily]
    fig = go.Figure([
        go.Bar(x=days, y=[round(d["revenue"], 2) for d in daily], name="Revenue", marker={"color": BAR},
               hovertemplate="%{x|%b %d}: <b>%{y:$,.0f}</b> revenue<extra></extra>"),
        go.Scatter(x=days, y=[round(d["gross_profit"], 2) for d in daily], name="Gross profit", mode="lines",
                   line={"color": AMBER, "width": 2.5},
                   hovertemplate="Gross profit: <b>%{y:$,.0f}</b><extra></extra>"),
    ])
    _layout(fig, LEGEND_MARGIN, hovermode="x unified", showlegend=True, bargap=0.2, legend=LEGEND)
    fig.update_yaxes(tickprefix="$", tickformat="~s", rangemode="tozero")
    return fig


def inventory_figure(inventory: list[dict]) -> go.Figure:
    days = [d["day"].isoformat() for d in inventory]
    fig = go.Figure([
        go.Scatter(x=days, y=[round(d["cost"], 2) for d in inventory], name="At cost", mode="lines",
                   line={"color": TEAL, "width": 2.5}, fill="tozeroy", fillcolor="rgba(18, 165, 148, 0.12)",
                   hovertemplate="At cost: <b>%{y:$,.0f}</b><extra></extra>"),
        go.Scatter(x=days, y=[round(d["retail"], 2) for d in inventory], name="At retail", mode="lines",
                   line={"color": AMBER, "width": 2, "dash": "dot"},
                   hovertemplate="At retail: <b>%{y:$,.0f}</b><extra></extra>"),
    ])
    _layout(fig, LEGEND_MARGIN, hovermode="x unified", showlegend=True, legend=LEGEND)
    fig.update_yaxes(tickprefix="$", tickformat="~s", rangemode="tozero")
    return fig


def margin_figure(categories: list[CategoryFigures]) -> go.Figure:
    sold = [c for c in categories if c.revenue]
    fig = go.Figure(go.Bar(
        x=[round(c.margin_pct or 0, 1) for c in sold], y=[c.category for c in sold], orientation="h",
        customdata=[[c.revenue, c.gross_profit] for c in sold], marker={"color": TEAL},
        text=[f"{c.margin_pct:.1f}%" for c in sold], textposition="auto",
        hovertemplate="<b>%{y}</b><br>Margin %{x:.1f}%<br>%{customdata[1]:$,.0f} profit on "
                      "%{customdata[0]:$,.0f} revenue<extra></extra>",
    ))
    _layout(fig, _label_margin([c.category for c in sold]), bargap=0.3)
    fig.update_yaxes(autorange="reversed", showgrid=False)
    fig.update_xaxes(ticksuffix="%", rangemode="tozero")
    return fig


def on_time_figure(suppliers: list[SupplierScore]) -> go.Figure:
    """On-time delivery rate per supplier and month (the top suppliers by order value), as a grid of
    coloured squares (a scatter: the basic Plotly bundle the app ships has no heatmap trace)."""
    top = [s for s in suppliers if s.months][:TOP_SUPPLIERS]
    cells = [(m.strftime("%b %Y"), s.name, rate) for s in top for m, rate in s.months if rate is not None]
    fig = go.Figure(go.Scatter(
        x=[c[0] for c in cells], y=[c[1] for c in cells], mode="markers+text",
        text=[f"{c[2]:.0f}%" for c in cells], textfont={"size": 10, "color": "white"},
        marker={"symbol": "square", "size": 34, "color": [c[2] for c in cells], "cmin": 0, "cmax": 100,
                "colorscale": [[0, "#e5484d"], [0.6, AMBER], [1, TEAL]], "line": {"width": 0}},
        hovertemplate="<b>%{y}</b><br>%{x}: %{marker.color:.0f}% on time<extra></extra>",
    ))
    months = sorted({m for s in top for m, _ in s.months})
    _layout(fig, _label_margin([s.name for s in top]) | {"t": 36, "b": 8}, height=max(160, 40 * len(top) + 50))
    fig.update_yaxes(autorange="reversed", showgrid=False, type="category",
                     categoryorder="array", categoryarray=[s.name for s in top])
    fig.update_xaxes(showgrid=False, type="category", side="top", categoryorder="array",
                     categoryarray=[m.strftime("%b %Y") for m in months])
    return fig
