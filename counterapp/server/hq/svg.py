"""Charts drawn on the server as SVG: nothing loads from the internet, and
the page works with scripts off. Each chart has a title and a description
for screen readers, and its figures are also in a table beside it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape


def bar_chart(
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[int],
    *,
    fmt: Callable[[int], str] = str,
    line_at: int | None = None,
    line_label: str = "",
    width: int = 720,
    height: int = 240,
) -> str:
    """A vertical bar chart; ``line_at`` draws a horizontal reference line
    (the service standard)."""
    left, right, top, bottom = 48, 12, 28, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = max([*values, line_at or 0, 1])
    n = max(len(values), 1)
    step = plot_w / n
    bar_w = max(step * 0.7, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" style="max-width:{width}px" aria-labelledby="t d">',
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(description)}</desc>',
        f'<text x="{left}" y="16" font-size="13" fill="#1a1a1a">{escape(title)}</text>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        'stroke="#333" stroke-width="1"/>',
        f'<text x="{left - 6}" y="{top + 4}" font-size="11" text-anchor="end" fill="#1a1a1a">'
        f"{escape(fmt(top_value))}</text>",
    ]
    every = max(1, n // 12)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / top_value
        x = left + i * step + (step - bar_w) / 2
        y = top + plot_h - h
        shown = fmt(value)
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="#1f5f99">'
            f"<title>{escape(label)}: {escape(shown)}</title></rect>"
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" font-size="11" '
                f'text-anchor="middle" fill="#1a1a1a">{escape(label)}</text>'
            )
    if line_at is not None and line_at > 0:
        y = top + plot_h - plot_h * line_at / top_value
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#a4262c" '
            'stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{left + 4}" y="{y - 5:.1f}" font-size="12" font-weight="700" '
            f'fill="#a4262c" paint-order="stroke" stroke="#fff" stroke-width="3">'
            f"{escape(line_label)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
