"""The fulfilment report's bar chart as a PNG picture, for the editable DOCX, and the layout both
renderers share so that the chart and its legend fit one page.

Word documents cannot carry a chart drawn by python-docx, so the DOCX gets a picture with the
same grouped horizontal bars that the PDF draws with fpdf2's shapes: one group per measure, one
bar per stage of the funnel, the amount written after each bar, the legend below the bars.
Pillow (already needed by fpdf2) draws it with the same DejaVu font as the PDF.

Fitting one page: the bars get as thick as the room allows (`bar_layout`), never thicker than
their natural size; with many measures they get thinner, and when a bar is too thin for its
amount to be read the amounts are left out (the money table has them). The picture is never
taller than `MAX_HEIGHT` for its `WIDTH`: the printable area of an A4 landscape page less the
chart's heading and note (`PAGE_BOX`, mm).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from aglomera.intentions.documents import font_path

# One colour per series, the same in the PDF's chart and this picture.
COLOURS = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (148, 103, 189), (214, 39, 40))
# The room for the picture on an A4 landscape page with 15 mm margins (267 x 180 mm), less
# about 30 mm for the chart's heading and the note below it.
PAGE_BOX = (267.0, 150.0)
WIDTH = 1800
MAX_HEIGHT = int(WIDTH * PAGE_BOX[1] / PAGE_BOX[0])  # 1011 px
MARGIN = 20
LABEL_WIDTH = 260
VALUE_WIDTH = 330
BAR = 26
GAP_RATIO = 22 / 26  # the gap between two groups, in bars
FONT = 22
SMALL = 19
LEGEND_ROW = 36


@dataclass(frozen=True)
class BarLayout:
    bar: float  # the thickness of one bar
    gap: float  # the room between two groups
    values: bool  # whether the amounts fit beside the bars

    @property
    def group(self) -> float:
        return self.bar + self.gap

    def group_height(self, series: int) -> float:
        return self.bar * series + self.gap


def bar_layout(groups: int, series: int, room: float, *, largest: float, text: float) -> BarLayout:
    """Bars for `groups` groups of `series` bars in `room` (the same unit as `largest`, the
    natural thickness, and `text`, the least thickness the amounts can be written in).

    >>> bar_layout(2, 5, 100.0, largest=3.0, text=2.0)
    BarLayout(bar=3.0, gap=2.5384615384615383, values=True)
    >>> layout = bar_layout(40, 5, 120.0, largest=3.0, text=2.0)
    >>> round(layout.bar, 3), layout.values, round(layout.group_height(5) * 40, 3)
    (0.513, False, 120.0)
    """
    units = max(groups, 1) * (series + GAP_RATIO)
    bar = min(largest, room / units)
    return BarLayout(bar, bar * GAP_RATIO, bar >= text)


def legend_rows(
    names: Sequence[str], width: float, measure: Callable[[str], float]
) -> list[list[int]]:
    """The series' indexes per legend row: as many as fit in `width` (swatch and gap
    included: `measure` gives a name's width plus them)."""
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, name in enumerate(names):
        size = measure(name)
        if rows[-1] and used + size > width:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += size
    return rows


def bar_chart_png(
    series: Sequence[str],
    bars: Sequence[tuple[str, Sequence[Decimal]]],
    money: Callable[[Decimal], str],
) -> bytes:
    """Grouped horizontal bars (label, one value per series) with the legend below, as PNG
    bytes at most MAX_HEIGHT pixels tall."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_path("")), FONT)
    small = ImageFont.truetype(str(font_path("")), SMALL)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))

    def swatch_and_name(name: str) -> float:
        return 32 + probe.textlength(name, font=font) + 40

    legend = legend_rows(series, WIDTH - 2 * MARGIN, swatch_and_name)
    legend_height = LEGEND_ROW * len(legend) + 10
    natural = (BAR * len(series) + BAR * GAP_RATIO) * max(len(bars), 1)
    room = min(natural, MAX_HEIGHT - 2 * MARGIN - legend_height)
    layout = bar_layout(len(bars), len(series), room, largest=BAR, text=SMALL + 2)
    group = layout.group_height(len(series))
    label_font = ImageFont.truetype(str(font_path("")), max(8, min(FONT, int(group * 0.8))))
    height = int(2 * MARGIN + group * max(len(bars), 1) + legend_height)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    largest = max((max(values, default=Decimal(0)) for _label, values in bars), default=Decimal(0))
    scale = (WIDTH - 2 * MARGIN - LABEL_WIDTH - VALUE_WIDTH) / float(largest or 1)
    top = float(MARGIN)
    left = MARGIN + LABEL_WIDTH
    for label, values in bars:
        middle = top + (group - layout.gap) / 2
        draw.text((MARGIN, middle), label, fill="black", font=label_font, anchor="lm")
        for index, (value, colour) in enumerate(zip(values, COLOURS, strict=False)):
            y = top + index * layout.bar
            length = int(float(value) * scale)
            if length > 0:
                draw.rectangle((left, y, left + length, y + layout.bar * 0.85), fill=colour)
            if layout.values:
                draw.text(
                    (left + length + 8, y + layout.bar / 2),
                    money(value),
                    fill="black",
                    font=small,
                    anchor="lm",
                )
        top += group
    bottom = top
    draw.line((left, MARGIN, left, bottom), fill=(120, 120, 120))
    y = bottom + 10
    for row in legend:
        x = float(MARGIN)
        for index in row:
            name = series[index]
            draw.rectangle((x, y + 6, x + 24, y + 24), fill=COLOURS[index % len(COLOURS)])
            draw.text((x + 32, y + 2), name, fill="black", font=font)
            x += swatch_and_name(name)
        y += LEGEND_ROW
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
