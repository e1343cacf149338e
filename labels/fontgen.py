#!/usr/bin/env python3
"""Generates labels/font-a.c: the virtual printer's Font A (12x24) and
Font B (9x17) for code page PC437, from Debian's Terminus console fonts.

    python3 labels/fontgen.py > labels/font-a.c

Inputs (Debian package console-setup-linux, /usr/share/consolefonts):
    Uni2-Terminus24x12.psf.gz, Uni2-TerminusBold24x12.psf.gz  -> Font A
    Uni2-Terminus16.psf.gz,    Uni2-TerminusBold16.psf.gz     -> Font B
    (8x16 glyphs placed top-left in a 9x17 cell)
    and the FullGreek- fonts of the same sizes for box drawing and blocks
    (in Font B stretched over the 9x17 cell so they join up).

Each PC437 byte is mapped to its Unicode code point and the glyph is looked up
in the fonts' Unicode tables. The two dingbats neither font has (0x10, 0x11:
control codes in ESC/POS, so never printed) fall back to U+FFFD.
Terminus is (c) Dimitar Toshkov Zhekov, under the SIL Open Font License 1.1.
Only the Python 3 standard library is used.
"""

import gzip
import os
import sys

FONTDIR = os.environ.get("FONTDIR", "/usr/share/consolefonts")

# PC437 0x00-0x1F and 0x7F as printed glyphs (Python's cp437 codec maps them
# to control characters, which a printer never shows).
LOW = [0x0020, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
       0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
       0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
       0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC]


def pc437(byte):
    if byte < 0x20:
        return LOW[byte]
    if byte == 0x7F:
        return 0x2302
    return ord(bytes([byte]).decode("cp437"))


def load_psf(name):
    """Returns (width, height, glyphs, {codepoint: glyph index})."""
    data = gzip.open(os.path.join(FONTDIR, name + ".psf.gz")).read()
    if data[:4] == b"\x72\xb5\x4a\x86":
        le = lambda o: int.from_bytes(data[o:o + 4], "little")
        hdrsize, flags, count = le(8), le(12), le(16)
        charsize, height, width = le(20), le(24), le(28)
        glyphs = [data[hdrsize + i * charsize:hdrsize + (i + 1) * charsize]
                  for i in range(count)]
        table = parse_psf2_table(data[hdrsize + count * charsize:], count) \
            if flags & 1 else {}
    elif data[:2] == b"\x36\x04":
        mode, charsize = data[2], data[3]
        count = 512 if mode & 1 else 256
        width, height = 8, charsize
        glyphs = [data[4 + i * charsize:4 + (i + 1) * charsize]
                  for i in range(count)]
        table = parse_psf1_table(data[4 + count * charsize:], count) \
            if mode & 6 else {}
    else:
        sys.exit("fontgen: %s: not a PSF font" % name)
    return width, height, glyphs, table


def parse_psf2_table(tab, count):
    # Per glyph: UTF-8 code points, then 0xFE-led sequences, then 0xFF.
    table, pos = {}, 0
    for i in range(count):
        end = tab.index(b"\xff", pos)
        single = tab[pos:end].split(b"\xfe")[0]
        for ch in single.decode("utf-8"):
            table.setdefault(ord(ch), i)
        pos = end + 1
    return table


def parse_psf1_table(tab, count):
    table, pos = {}, 0
    for i in range(count):
        seq = False
        while True:
            u = int.from_bytes(tab[pos:pos + 2], "little")
            pos += 2
            if u == 0xFFFF:
                break
            if u == 0xFFFE:
                seq = True
            elif not seq:
                table.setdefault(u, i)
    return table


def glyph_rows(font, cp):
    """The font's glyph for cp as rows of 16 bits, bit 15 = leftmost dot."""
    width, height, glyphs, table = font
    g = glyphs[table.get(cp, table.get(0xFFFD, table.get(ord("?"))))]
    bpr = (width + 7) // 8
    return [(int.from_bytes(g[r * bpr:(r + 1) * bpr], "big")
             << (16 - bpr * 8)) & 0xFFFF for r in range(height)]


def is_graphic(cp):
    # Box drawing, block elements, geometric shapes, dingbats.
    return 0x2500 <= cp <= 0x27BF


def rows_of(fonts, cp, cell_h):
    """cell_h rows for cp, the glyph at the top left of the cell. fonts is
    (Uni2, FullGreek): Uni2 draws double-line box drawing with single lines
    and lacks the shade/half blocks; FullGreek has them but lacks some
    Latin letters, so it is preferred only for the graphics."""
    uni2, full = fonts
    order = (full, uni2) if is_graphic(cp) else (uni2, full)
    for font in order:
        if cp in font[3]:
            rows = glyph_rows(font, cp)
            return rows[:cell_h] + [0] * (cell_h - len(rows)), True
    rows = glyph_rows(uni2, cp)
    return rows[:cell_h] + [0] * (cell_h - len(rows)), False


def stretch(rows, src_w, src_h):
    """Extends box drawing and blocks from an 8x16 glyph over the 9x17
    cell (repeating the last column and row, as VGA text mode does), so
    lines and shades still join up in Font B."""
    last_col = 0x8000 >> (src_w - 1)
    rows = [r | (last_col >> 1 if r & last_col else 0) for r in rows]
    rows[src_h] = rows[src_h - 1]
    return rows


def emit_face(out, cname, fonts, cell_h, missing):
    out.append("const uint16_t %s[256 * %d] = {" % (cname, cell_h))
    for byte in range(256):
        cp = pc437(byte)
        rows, found = rows_of(fonts, cp, cell_h)
        if cell_h > fonts[0][1] and 0x2500 <= cp <= 0x259F:
            rows = stretch(rows, fonts[0][0], fonts[0][1])
        if not found and byte >= 0x20:
            missing.append("%s 0x%02X U+%04X" % (cname, byte, cp))
        out.append("\t/* 0x%02X U+%04X */" % (byte, cp))
        for i in range(0, cell_h, 8):
            out.append("\t" + " ".join("0x%04x," % v for v in rows[i:i + 8]))
    out.append("};")
    out.append("")


FACES = [
    ("font_a_rows", "Terminus24x12", 24),
    ("font_a_bold_rows", "TerminusBold24x12", 24),
    ("font_b_rows", "Terminus16", 17),
    ("font_b_bold_rows", "TerminusBold16", 17),
]

HEADER = """\
/* GENERATED by labels/fontgen.py from Debian's console-setup-linux Terminus
 * fonts (Uni2-Terminus24x12, Uni2-TerminusBold24x12 -> Font A 12x24;
 * Uni2-Terminus16, Uni2-TerminusBold16 -> Font B, 8x16 in a 9x17 cell;
 * box drawing and blocks from the FullGreek- fonts of the same sizes).
 * Do not edit; regenerate with:
 *     python3 labels/fontgen.py > labels/font-a.c
 *
 * Glyphs for all 256 bytes of code page PC437 (ESC t 0); each row is 16 bits,
 * bit 15 the leftmost dot. Terminus Font is (c) Dimitar Toshkov Zhekov and
 * licensed under the SIL Open Font License, Version 1.1.
 */
#include "font.h"

#include <stdint.h>

/* clang-format off */
"""


TRAILER = """\
/* clang-format on */

static const struct font_face faces[2][2] = {
    {{12, 24, font_a_rows}, {12, 24, font_a_bold_rows}},
    {{9, 17, font_b_rows}, {9, 17, font_b_bold_rows}},
};

const struct font_face *font_face_get(enum font_id font, int bold)
{
	return &faces[font == FONT_B][bold != 0];
}
"""


def main():
    out, missing = [HEADER], []
    for cname, fname, cell_h in FACES:
        fonts = (load_psf("Uni2-" + fname), load_psf("FullGreek-" + fname))
        emit_face(out, cname, fonts, cell_h, missing)
    out.append(TRAILER)
    sys.stdout.write("\n".join(out))
    for m in missing:
        sys.stderr.write("fontgen: no glyph, using U+FFFD: %s\n" % m)


if __name__ == "__main__":
    main()
