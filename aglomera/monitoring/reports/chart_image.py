"""The fulfilment report's bar chart as a PNG picture, for the editable DOCX.

Word documents cannot carry a chart drawn by python-docx, so the DOCX gets a picture with the
same grouped horizontal bars that the PDF draws with fpdf2's shapes: one group per measure, one
bar per stage of the funnel, the amount written after each bar. Pillow (already needed by fpdf2)
draws it with the same DejaVu font as the PDF.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import Decimal

from aglomera.intentions.documents import font_path

# One colour per series, the same in the PDF's chart and this picture.
COLOURS = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (148, 103, 189), (214, 39, 40))
WIDTH = 1800
MARGIN = 20
LABEL_WIDTH = 260
VALUE_WIDTH = 330
BAR = 26
GROUP_GAP = 22
LEGEND_HEIGHT = 60


def bar_chart_png(
    series: Sequence[str],
    bars: Sequence[tuple[str, Sequence[Decimal]]],
    money: Callable[[Decimal], str],
) -> bytes:
    """Grouped horizontal bars (label, one value per series) as PNG bytes."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_path("")), 22)
    small = ImageFont.truetype(str(font_path("")), 19)
    group = BAR * len(series) + GROUP_GAP
    height = MARGIN * 2 + LEGEND_HEIGHT + group * max(len(bars), 1)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    x = MARGIN
    for name, colour in zip(series, COLOURS, strict=False):
        draw.rectangle((x, MARGIN + 6, x + 24, MARGIN + 24), fill=colour)
        draw.text((x + 32, MARGIN + 2), name, fill="black", font=font)
        x += 32 + int(draw.textlength(name, font=font)) + 40
    largest = max((max(values, default=Decimal(0)) for _label, values in bars), default=Decimal(0))
    scale = (WIDTH - 2 * MARGIN - LABEL_WIDTH - VALUE_WIDTH) / float(largest or 1)
    top = MARGIN + LEGEND_HEIGHT
    left = MARGIN + LABEL_WIDTH
    for label, values in bars:
        middle = top + (group - GROUP_GAP) // 2
        draw.text((MARGIN, middle), label, fill="black", font=font, anchor="lm")
        for index, (value, colour) in enumerate(zip(values, COLOURS, strict=False)):
            y = top + index * BAR
            length = int(float(value) * scale)
            if length > 0:
                draw.rectangle((left, y + 2, left + length, y + BAR - 3), fill=colour)
            draw.text(
                (left + length + 8, y + BAR // 2),
                money(value),
                fill="black",
                font=small,
                anchor="lm",
            )
        top += group
    draw.line((left, MARGIN + LEGEND_HEIGHT - 8, left, height - MARGIN), fill=(120, 120, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
