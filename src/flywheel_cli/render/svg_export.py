"""A recorded terminal screen as a self-contained SVG: nothing in it leaves the machine.

rich's own SVG template links a web font from a CDN; this one names fonts the viewer already has
(the same metrics: monospace), so the file opens offline and loads nothing. The text is escaped by
rich (every cell reaches it as `Text`, never markup: render/human.py)."""

from __future__ import annotations

from typing import Any

# rich fills the {placeholders} (Console.export_svg's `code_format`); {{ }} are literal braces.
SVG_TEMPLATE = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
    <style>
    .{unique_id}-matrix {{
        font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
        font-size: {char_height}px;
        line-height: {line_height}px;
        font-variant-east-asian: full-width;
    }}
    .{unique_id}-title {{
        font-size: 18px;
        font-weight: bold;
        font-family: sans-serif;
    }}
    {styles}
    </style>
    <defs>
    <clipPath id="{unique_id}-clip-terminal">
      <rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
    </clipPath>
    {lines}
    </defs>
    {chrome}
    <g transform="translate({terminal_x}, {terminal_y})" clip-path="url(#{unique_id}-clip-terminal)">
    {backgrounds}
    <g class="{unique_id}-matrix">
    {matrix}
    </g>
    </g>
</svg>
"""


def export_svg(recorded: Any, title: str) -> str:
    """The SVG of what `recorded` (a rich Console made with `record=True`) has printed."""
    return str(recorded.export_svg(title=title, code_format=SVG_TEMPLATE))
