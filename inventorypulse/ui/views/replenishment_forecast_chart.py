"""The product forecast chart: recent daily sales, then the forecast with its 80 % and 95 % bands."""

from __future__ import annotations

import plotly.graph_objects as go

TEAL = "#12a594"
AMBER = "#f5a524"
BAR = "rgba(128, 128, 128, 0.45)"
BAND95 = "rgba(18, 165, 148, 0.12)"
BAND80 = "rgba(18, 165, 148, 0.26)"
GRID = "rgba(128, 128, 128, 0.18)"


def _band(x: list[str], lo: list[float], hi: list[float], color: str, name: str) -> list[go.Scatter]:
    """A filled band: the upper edge, then the lower edge filled up to it."""
    return [
        go.Scatter(x=x, y=hi, mode="lines", line={"width": 0}, hoverinfo="skip", showlegend=False),
        go.Scatter(x=x, y=lo, mode="lines", line={"width": 0}, fill="tonexty", fillcolor=color, name=name,
                   hoverinfo="skip"),
    ]


def forecast_figure(history: list[dict], daily: list[dict]) -> go.Figure:
    """`history`: [{date, quantity}]; `daily`: the stored forecast rows [{date, mean, lo80, …}]."""
    traces: list = [go.Bar(x=[h["date"] for h in history], y=[h["quantity"] for h in history], name="Units sold",
                           marker={"color": BAR}, hovertemplate="%{x|%b %d}: <b>%{y:,}</b> sold<extra></extra>")]
    if daily:
        x = [d["date"] for d in daily]
        traces += _band(x, [d["lo95"] for d in daily], [d["hi95"] for d in daily], BAND95, "95 % interval")
        traces += _band(x, [d["lo80"] for d in daily], [d["hi80"] for d in daily], BAND80, "80 % interval")
        traces.append(go.Scatter(x=x, y=[d["mean"] for d in daily], mode="lines", name="Forecast",
                                 line={"color": TEAL, "width": 2.5},
                                 hovertemplate="%{x|%b %d}: <b>%{y:,.1f}</b> expected<extra></extra>"))
    fig = go.Figure(traces)
    fig.update_layout({
        "template": None, "height": 320, "autosize": True, "margin": {"l": 8, "r": 8, "t": 30, "b": 8},
        "paper_bgcolor": "rgba(0,0,0,0)", "plot_bgcolor": "rgba(0,0,0,0)", "font": {"family": "inherit", "size": 12},
        "bargap": 0.2, "hovermode": "x", "showlegend": True,
        "legend": {"orientation": "h", "x": 0, "y": 1.12, "bgcolor": "rgba(0,0,0,0)"},
    })
    if daily:
        fig.add_vline(x=daily[0]["date"], line={"color": AMBER, "width": 1.5, "dash": "dot"})
    fig.update_xaxes(gridcolor=GRID, zeroline=False, automargin=True, fixedrange=True)
    fig.update_yaxes(gridcolor=GRID, zeroline=False, automargin=True, fixedrange=True, rangemode="tozero",
                     title_text="units / day")
    return fig
