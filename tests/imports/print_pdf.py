"""A print PDF made from an issue's text, as a typesetter's PDF carries it, for the PDF tests.

The font is built here with fontTools (a box for every character the text uses) and embedded
by reportlab as a subset with its ToUnicode map, as a print PDF embeds its fonts: no system
font and no download. The text's blocks (runs of lines between blank lines) are set as blocks,
lines close, blocks apart, so that a reading of the PDF finds the text's lines and blocks.
"""

import io

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

SIZE = 10  # points
LEADING = 12  # between lines of a block
BLOCK_GAP = 14  # more between blocks
MARGIN = 36


def box_font(characters: str) -> io.BytesIO:
    """A TrueType font with a square glyph for each of `characters` (and a blank space)."""
    glyphs = sorted(set(characters) - set(" \n\f\r\t"))
    names = [".notdef", "space", *(f"uni{ord(c):04X}" for c in glyphs)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space"} | {ord(c): f"uni{ord(c):04X}" for c in glyphs})
    pen = TTGlyphPen(None)
    for point in ((100, 0), (100, 800), (900, 800), (900, 0)):
        (pen.lineTo if point != (100, 0) else pen.moveTo)(point)
    pen.closePath()
    square, blank = pen.glyph(), TTGlyphPen(None).glyph()
    builder.setupGlyf({name: blank if name == "space" else square for name in names})
    builder.setupHorizontalMetrics({name: (500 if name == "space" else 1000, 0) for name in names})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "PrintTest", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    builder.setupPost()
    font = io.BytesIO()
    builder.save(font)
    font.seek(0)
    return font


def blocks_of(text: str) -> list[list[str]]:
    blocks, block = [], []
    for line in text.split("\n"):
        if line.strip():
            block.append(line.strip())
        elif block:
            blocks.append(block)
            block = []
    return blocks + ([block] if block else [])


def print_pdf(text: str, *, lines_per_page: int = 40) -> bytes:
    """The PDF of `text`: its blocks in order, a new page before a block that would overflow."""
    blocks = blocks_of(text)
    font = f"PrintTest-{abs(hash(text)):x}"  # one per text: each has its own glyphs
    pdfmetrics.registerFont(TTFont(font, box_font(text)))
    longest = max(len(line) for block in blocks for line in block)
    width = 2 * MARGIN + longest * SIZE
    height = 2 * MARGIN + lines_per_page * BLOCK_GAP
    output = io.BytesIO()
    pdf = canvas.Canvas(output, pagesize=(width, height))
    y = height - MARGIN
    for block in blocks:
        if y - len(block) * LEADING < MARGIN:
            pdf.showPage()
            y = height - MARGIN
        for line in block:
            pdf.setFont(font, SIZE)
            pdf.drawString(MARGIN, y, line)
            y -= LEADING
        y -= BLOCK_GAP
    pdf.save()
    return output.getvalue()
