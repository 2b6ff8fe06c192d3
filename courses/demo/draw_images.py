#!/usr/bin/env python3
"""Draw the illustrations for the Thai demo courses.

Every picture in courses/demo/*/images/ and every cover.png is drawn here with Pillow:
simple flat shapes and Thai labels, no photographs and no brand logos. The output is
deterministic (the only "random" pattern, the fake QR code, uses a fixed seed), so running
the script again gives the same files.

Usage (from anywhere):

    .venv/bin/python courses/demo/draw_images.py

Needs Pillow built with libraqm (for correct Thai shaping) and the TLWG Thai fonts
(Debian/Ubuntu package ``fonts-thai-tlwg``).
"""

from __future__ import annotations

import math
import random
import sys
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
FONT_REGULAR = FONT_DIR / "Loma.ttf"
FONT_BOLD = FONT_DIR / "Loma-Bold.ttf"

S = 2  # draw at twice the size, then scale down: smoother edges
W, H = 800, 500
MAX_BYTES = 60 * 1024

# Flat colour palette
CREAM = "#FFF8EE"
PAPER = "#FFFFFF"
NAVY = "#22344F"
INK = "#2B2B2B"
GREY = "#8A8F98"
LIGHT = "#E6EAF0"
MID = "#C9D0DA"
TEAL = "#2A9D8F"
ORANGE = "#F4A261"
YELLOW = "#F6C945"
RED = "#E04848"
GREEN = "#3DBB6B"
CHAT_GREEN = "#8DE08A"
BLUE = "#3A7BD5"
SKY = "#DDEFFA"
SKIN = "#F1C27D"
SKIN_DARK = "#C68642"
KRAFT = "#D9A86C"
KRAFT_DARK = "#B5844A"
INDIGO = "#33407A"


# --------------------------------------------------------------------------- basics


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = FONT_BOLD if bold else FONT_REGULAR
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


class Canvas:
    """A picture drawn in 800×500 'logical' units on a 2× bitmap."""

    def __init__(self, bg: str = CREAM, w: int = W, h: int = H):
        self.w, self.h = w, h
        self.img = Image.new("RGB", (w * S, h * S), bg)
        self.d = ImageDraw.Draw(self.img)

    # shapes -----------------------------------------------------------------
    @staticmethod
    def _p(values):
        return [v * S for v in values]

    def rect(self, box, fill=None, outline=None, width=2, r=0):
        box = self._p(box)
        if r:
            self.d.rounded_rectangle(
                box, radius=r * S, fill=fill, outline=outline, width=width * S if outline else 0
            )
        else:
            self.d.rectangle(box, fill=fill, outline=outline, width=width * S if outline else 0)

    def ellipse(self, box, fill=None, outline=None, width=2):
        self.d.ellipse(self._p(box), fill=fill, outline=outline, width=width * S if outline else 0)

    def circle(self, cx, cy, r, fill=None, outline=None, width=2):
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill, outline, width)

    def line(self, pts, fill=INK, width=3):
        flat = [(x * S, y * S) for x, y in pts]
        self.d.line(flat, fill=fill, width=int(width * S), joint="curve")

    def poly(self, pts, fill=None, outline=None, width=2):
        flat = [(x * S, y * S) for x, y in pts]
        self.d.polygon(flat, fill=fill, outline=outline, width=width * S if outline else 0)

    def arc(self, box, start, end, fill=INK, width=3):
        self.d.arc(self._p(box), start, end, fill=fill, width=int(width * S))

    def pie(self, box, start, end, fill):
        self.d.pieslice(self._p(box), start, end, fill=fill)

    def arrow(self, p0, p1, fill=INK, width=4, head=14):
        ang = math.atan2(p1[1] - p0[1], p1[0] - p0[0])
        base = (p1[0] - head * 0.8 * math.cos(ang), p1[1] - head * 0.8 * math.sin(ang))
        self.line([p0, base], fill, width)
        left = (p1[0] - head * math.cos(ang - 0.5), p1[1] - head * math.sin(ang - 0.5))
        right = (p1[0] - head * math.cos(ang + 0.5), p1[1] - head * math.sin(ang + 0.5))
        self.poly([p1, left, right], fill=fill)

    def dashed(self, p0, p1, fill=GREY, width=2, dash=8, gap=6):
        length = math.dist(p0, p1)
        if not length:
            return
        ux, uy = (p1[0] - p0[0]) / length, (p1[1] - p0[1]) / length
        pos = 0.0
        while pos < length:
            end = min(pos + dash, length)
            self.line(
                [(p0[0] + ux * pos, p0[1] + uy * pos), (p0[0] + ux * end, p0[1] + uy * end)], fill, width
            )
            pos += dash + gap

    # text -------------------------------------------------------------------
    def text(self, xy, s, size=22, fill=INK, bold=False, anchor="la", leading=1.45):
        """Draw one or more lines (split on \\n). anchor as in Pillow: l/m/r + a/m/s/d."""
        f = font(size * S, bold)
        x, y = xy
        lines = s.split("\n")
        lh = size * leading
        v = anchor[1]
        if v == "m":
            y -= lh * (len(lines) - 1) / 2
        elif v in "sd":
            y -= lh * (len(lines) - 1)
        for i, line in enumerate(lines):
            self.d.text((x * S, (y + i * lh) * S), line, font=f, fill=fill, anchor=anchor)

    def text_width(self, s, size=22, bold=False):
        return max(font(size * S, bold).getlength(line) for line in s.split("\n")) / S

    def stamp(self, cx, cy, s, size=40, color=RED, angle=18):
        """A rotated rubber-stamp label, e.g. ตัวอย่าง."""
        f = font(size * S, True)
        tw = f.getlength(s)
        pad = 14 * S
        box_w, box_h = int(tw + 2 * pad), int(size * S * 1.6)
        layer = Image.new("RGBA", (box_w, box_h), (0, 0, 0, 0))
        ld = ImageDraw.Draw(layer)
        ld.rounded_rectangle(
            (2, 2, box_w - 3, box_h - 3), radius=10 * S, fill=(255, 255, 255, 215), outline=color, width=4 * S
        )
        ld.text((box_w / 2, box_h / 2), s, font=f, fill=color, anchor="mm")
        layer = layer.rotate(angle, resample=Image.BICUBIC, expand=True)
        self.img.paste(layer, (int(cx * S - layer.width / 2), int(cy * S - layer.height / 2)), layer)

    # output -----------------------------------------------------------------
    def save(self, path: Path, colors: int = 64):
        path.parent.mkdir(parents=True, exist_ok=True)
        small = self.img.resize((self.w, self.h), Image.LANCZOS)
        pal = small.quantize(colors=colors, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        pal.save(path, optimize=True)
        size = path.stat().st_size
        if size > MAX_BYTES and colors > 16:
            return self.save(path, colors // 2)
        print(f"{path.relative_to(HERE)}  {size // 1024} KB")
        return size


# --------------------------------------------------------------------------- parts


def phone(c: Canvas, x, y, w, h, body=NAVY, screen=PAPER):
    """A phone seen from the front; returns the screen box."""
    r = w * 0.13
    c.rect((x, y, x + w, y + h), fill=body, r=r)
    m = w * 0.055
    top, bottom = h * 0.065, h * 0.05
    box = (x + m, y + top, x + w - m, y + h - bottom)
    c.rect(box, fill=screen, r=r * 0.5)
    c.rect((x + w / 2 - w * 0.1, y + top * 0.38, x + w / 2 + w * 0.1, y + top * 0.38 + 4), fill=GREY, r=2)
    return box


def status_bar(c: Canvas, box, color=INK):
    x0, y0, x1, _ = box
    c.text((x0 + 12, y0 + 8), "10:42", 12, color, bold=True)
    wifi(c, x1 - 46, y0 + 21, 13, color, width=2.2)
    c.rect((x1 - 30, y0 + 10, x1 - 12, y0 + 20), outline=color, width=1, r=2)
    c.rect((x1 - 28, y0 + 12, x1 - 17, y0 + 18), fill=color)


def wifi(c: Canvas, cx, cy, size, color=BLUE, width=None):
    """Wi-Fi symbol: a dot at (cx, cy) and three arcs above it."""
    width = width or size * 0.14
    for k in (1, 2, 3):
        r = size * k / 3
        c.arc((cx - r, cy - r, cx + r, cy + r), 225, 315, color, width)
    c.circle(cx, cy - 1, max(width * 0.75, 1.5), fill=color)


def data_arrows(c: Canvas, cx, cy, size, color=ORANGE):
    """Mobile-data symbol: one arrow up, one arrow down."""
    g = size * 0.22
    c.arrow((cx - g, cy + size * 0.45), (cx - g, cy - size * 0.5), color, size * 0.13, size * 0.35)
    c.arrow((cx + g, cy - size * 0.45), (cx + g, cy + size * 0.5), color, size * 0.13, size * 0.35)


def lock(c: Canvas, cx, cy, s, color=NAVY, hole=PAPER):
    c.arc((cx - s * 0.3, cy - s * 0.62, cx + s * 0.3, cy + s * 0.05), 180, 360, color, s * 0.11)
    c.line(
        [(cx - s * 0.3 + s * 0.055, cy - s * 0.28), (cx - s * 0.3 + s * 0.055, cy - s * 0.05)],
        color,
        s * 0.11,
    )
    c.line(
        [(cx + s * 0.3 - s * 0.055, cy - s * 0.28), (cx + s * 0.3 - s * 0.055, cy - s * 0.05)],
        color,
        s * 0.11,
    )
    c.rect((cx - s * 0.45, cy - s * 0.08, cx + s * 0.45, cy + s * 0.55), fill=color, r=s * 0.08)
    c.circle(cx, cy + s * 0.18, s * 0.08, fill=hole)
    c.rect((cx - s * 0.03, cy + s * 0.2, cx + s * 0.03, cy + s * 0.36), fill=hole)


def check_badge(c: Canvas, cx, cy, r, color=GREEN):
    c.circle(cx, cy, r, fill=color)
    c.line(
        [(cx - r * 0.45, cy + r * 0.02), (cx - r * 0.1, cy + r * 0.38), (cx + r * 0.5, cy - r * 0.35)],
        PAPER,
        r * 0.22,
    )


def cross_badge(c: Canvas, cx, cy, r, color=RED):
    c.circle(cx, cy, r, fill=color)
    k = r * 0.38
    c.line([(cx - k, cy - k), (cx + k, cy + k)], PAPER, r * 0.22)
    c.line([(cx - k, cy + k), (cx + k, cy - k)], PAPER, r * 0.22)


def warning(c: Canvas, cx, cy, s):
    pts = [(cx, cy - s * 0.5), (cx + s * 0.57, cy + s * 0.45), (cx - s * 0.57, cy + s * 0.45)]
    c.poly(pts, fill=YELLOW, outline=NAVY, width=max(2, int(s * 0.05)))
    c.rect((cx - s * 0.05, cy - s * 0.22, cx + s * 0.05, cy + s * 0.15), fill=NAVY, r=s * 0.03)
    c.circle(cx, cy + s * 0.29, s * 0.06, fill=NAVY)


def bubble(c: Canvas, box, fill, side="left", r=14, outline=None):
    x0, y0, x1, y1 = box
    c.rect(box, fill=fill, r=r, outline=outline, width=1)
    if side == "left":
        c.poly([(x0 + 6, y1 - 16), (x0 - 8, y1 + 2), (x0 + 22, y1 - 2)], fill=fill)
    elif side == "right":
        c.poly([(x1 - 6, y1 - 16), (x1 + 8, y1 + 2), (x1 - 22, y1 - 2)], fill=fill)


def star(c: Canvas, cx, cy, r, fill=YELLOW):
    pts = []
    for i in range(10):
        ang = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.45
        pts.append((cx + rr * math.cos(ang), cy + rr * math.sin(ang)))
    c.poly(pts, fill=fill)


def hand(c: Canvas, tx, ty, s=40):
    """A pointing hand whose index fingertip touches the screen at (tx, ty)."""
    fw = s * 0.42
    # palm and folded fingers
    c.rect(
        (tx - fw * 0.9, ty + s * 1.05, tx + s * 1.05, ty + s * 2.2),
        fill=SKIN,
        outline=SKIN_DARK,
        width=2,
        r=s * 0.32,
    )
    for k in range(3):
        x = tx + fw / 2 - 3 + k * s * 0.26
        c.rect(
            (x, ty + s * 0.8, x + s * 0.3, ty + s * 1.35), fill=SKIN, outline=SKIN_DARK, width=2, r=s * 0.14
        )
    # thumb
    c.rect(
        (tx - fw * 1.1, ty + s * 1.15, tx - fw * 0.1, ty + s * 1.6),
        fill=SKIN,
        outline=SKIN_DARK,
        width=2,
        r=s * 0.2,
    )
    # index finger and nail
    c.rect(
        (tx - fw / 2, ty - fw / 2, tx + fw / 2, ty + s * 1.45),
        fill=SKIN,
        outline=SKIN_DARK,
        width=2,
        r=fw / 2,
    )
    c.rect((tx - fw * 0.28, ty - fw * 0.3, tx + fw * 0.28, ty + fw * 0.3), fill="#F8DDB5", r=fw * 0.25)


def touch_dot(c: Canvas, cx, cy, r=12, color=BLUE):
    c.circle(cx, cy, r * 1.7, outline=color, width=2)
    c.circle(cx, cy, r, fill=color)


def fake_qr(c: Canvas, x, y, size, seed=7, n=25, color=INK, bg=PAPER):
    """A QR-looking pattern. It is NOT a real code: modules are random with a fixed seed."""
    m = size / n
    rng = random.Random(seed)
    c.rect((x - m, y - m, x + size + m, y + size + m), fill=bg)
    finders = [(0, 0), (n - 7, 0), (0, n - 7)]

    def in_finder(i, j):
        return any(fx - 1 <= i <= fx + 7 and fy - 1 <= j <= fy + 7 for fx, fy in finders)

    for j in range(n):
        for i in range(n):
            if not in_finder(i, j) and rng.random() < 0.5:
                c.rect((x + i * m, y + j * m, x + (i + 1) * m, y + (j + 1) * m), fill=color)
    for fx, fy in finders:
        c.rect((x + fx * m, y + fy * m, x + (fx + 7) * m, y + (fy + 7) * m), fill=color)
        c.rect((x + (fx + 1) * m, y + (fy + 1) * m, x + (fx + 6) * m, y + (fy + 6) * m), fill=bg)
        c.rect((x + (fx + 2) * m, y + (fy + 2) * m, x + (fx + 5) * m, y + (fy + 5) * m), fill=color)


def app_grid(c: Canvas, box, cols=3, rows=4):
    x0, y0, x1, y1 = box
    colors = [BLUE, GREEN, ORANGE, RED, TEAL, YELLOW, INDIGO, "#9B6BD3", "#E76FA3", TEAL, BLUE, ORANGE]
    cw, rh = (x1 - x0) / cols, (y1 - y0) / rows
    s = min(cw, rh) * 0.62
    for k in range(cols * rows):
        i, j = k % cols, k // cols
        cx, cy = x0 + cw * (i + 0.5), y0 + rh * (j + 0.42)
        col = colors[k % len(colors)]
        c.rect((cx - s / 2, cy - s / 2, cx + s / 2, cy + s / 2), fill=col, r=s * 0.25)
        shape = k % 4
        g = s * 0.22
        if shape == 0:
            c.circle(cx, cy, g, fill=PAPER)
        elif shape == 1:
            c.rect((cx - g, cy - g, cx + g, cy + g), fill=PAPER, r=g * 0.3)
        elif shape == 2:
            c.poly(
                [(cx, cy - g * 1.1), (cx + g * 1.1, cy + g * 0.9), (cx - g * 1.1, cy + g * 0.9)], fill=PAPER
            )
        else:
            c.rect((cx - g * 1.1, cy - g * 0.3, cx + g * 1.1, cy + g * 0.3), fill=PAPER, r=g * 0.2)
        c.rect((cx - s * 0.35, cy + s * 0.62, cx + s * 0.35, cy + s * 0.7), fill=MID, r=2)


def parcel_box(c: Canvas, x, y, w, h, d, label=True):
    """A cardboard box: front face at (x, y, x+w, y+h), depth d up and to the right."""
    c.poly([(x, y), (x + d, y - d * 0.6), (x + w + d, y - d * 0.6), (x + w, y)], fill="#E8BB7E")
    c.poly(
        [(x + w, y), (x + w + d, y - d * 0.6), (x + w + d, y + h - d * 0.6), (x + w, y + h)], fill=KRAFT_DARK
    )
    c.rect((x, y, x + w, y + h), fill=KRAFT)
    # H-shaped tape: along the top seam and over both edges
    c.poly(
        [
            (x + w * 0.45 + d * 0.5, y - d * 0.3 - 6),
            (x + w * 0.55 + d * 0.5, y - d * 0.3 - 6),
            (x + w * 0.55, y),
            (x + w * 0.45, y),
        ],
        fill="#C9A46A",
    )
    c.rect((x + w * 0.45, y, x + w * 0.55, y + h * 0.22), fill="#C9A46A")
    c.rect((x, y - 1, x + w, y + 7), fill="#C9A46A")
    if label:
        lx0, ly0, lx1, ly1 = x + w * 0.12, y + h * 0.36, x + w * 0.88, y + h * 0.9
        c.rect((lx0, ly0, lx1, ly1), fill=PAPER, r=4)
        c.text((lx0 + 10, ly0 + 8), "ผู้รับ", 14, INK, bold=True)
        for k in range(3):
            c.rect((lx0 + 10, ly0 + 34 + k * 14, lx1 - 14 - k * 20, ly0 + 40 + k * 14), fill=MID, r=2)
        bx = lx0 + 10
        rng = random.Random(3)
        while bx < lx1 - 14:
            bw = rng.choice((1.5, 2.5, 3.5))
            c.rect((bx, ly1 - 26, bx + bw, ly1 - 8), fill=INK)
            bx += bw + rng.choice((1.5, 2.5))


def jar(c: Canvas, cx, bottom, w=70, h=90, lid=RED, body="#B8452E", label="น้ำพริก"):
    c.rect((cx - w / 2, bottom - h, cx + w / 2, bottom), fill=body, r=w * 0.18)
    c.rect((cx - w * 0.42, bottom - h - h * 0.16, cx + w * 0.42, bottom - h + 6), fill=lid, r=5)
    c.rect((cx - w * 0.42, bottom - h * 0.66, cx + w * 0.42, bottom - h * 0.24), fill="#FFF4D6", r=4)
    if label:
        c.text((cx, bottom - h * 0.45), label, max(10, int(w * 0.2)), "#8A2A1A", bold=True, anchor="mm")


def cloth(c: Canvas, x, y, w, h, base=INDIGO, stripe="#7F8CD0"):
    c.rect((x, y, x + w, y + h), fill=base, r=6)
    k = 0
    for yy in range(int(y + 8), int(y + h - 4), 14):
        c.rect((x + 4, yy, x + w - 4, yy + 4), fill=stripe if k % 2 == 0 else "#C8CEF0")
        k += 1


def numbered(c: Canvas, cx, cy, n, color=ORANGE, r=14):
    c.circle(cx, cy, r, fill=color)
    c.text((cx, cy), str(n), int(r * 1.2), PAPER, bold=True, anchor="mm")


def title_band(c: Canvas, text, color=NAVY, size=28, y=38):
    c.text((c.w / 2, y), text, size, color, bold=True, anchor="mm")


# --------------------------------------------------------------------------- course (a)

A = HERE / "smartphone-basics"


def a_cover():
    c = Canvas("#E4F1FA")
    c.circle(650, 90, 150, fill="#D2E7F6")
    c.circle(90, 470, 110, fill="#D2E7F6")
    box = phone(c, 95, 45, 215, 420)
    status_bar(c, box)
    app_grid(c, (box[0] + 10, box[1] + 45, box[2] - 10, box[3] - 40))
    c.text((360, 130), "ใช้สมาร์ตโฟน\nอย่างมั่นใจ", 52, NAVY, bold=True, anchor="lm")
    c.text((362, 245), "แตะ ปัด ต่อเน็ต คุย LINE\nและรู้ทันมิจฉาชีพ", 26, INK, anchor="lm")
    for i, kind in enumerate(("wifi", "lock", "chat", "shield")):
        cx, cy = 400 + i * 95, 375
        c.circle(cx, cy, 38, fill=PAPER)
        if kind == "wifi":
            wifi(c, cx, cy + 14, 34, BLUE)
        elif kind == "lock":
            lock(c, cx, cy + 2, 42, NAVY)
        elif kind == "chat":
            bubble(c, (cx - 24, cy - 18, cx + 24, cy + 12), GREEN, "left", r=10)
            for k in (-10, 0, 10):
                c.circle(cx + k, cy - 3, 3, fill=PAPER)
        else:
            c.poly(
                [
                    (cx, cy - 26),
                    (cx + 22, cy - 17),
                    (cx + 19, cy + 8),
                    (cx, cy + 25),
                    (cx - 19, cy + 8),
                    (cx - 22, cy - 17),
                ],
                fill=TEAL,
            )
            c.line([(cx - 9, cy), (cx - 2, cy + 8), (cx + 10, cy - 8)], PAPER, 4)
    c.save(A / "cover.png")


def a_phone_buttons():
    c = Canvas()
    title_band(c, "ปุ่มสำคัญและการชาร์จแบตเตอรี่")
    x, y, w, h = 300, 75, 190, 330
    # side buttons (drawn first so the body covers their inner half)
    c.rect((x + w - 6, y + 70, x + w + 8, y + 120), fill=ORANGE, r=4)
    c.rect((x + w - 6, y + 140, x + w + 8, y + 175), fill=TEAL, r=4)
    c.rect((x + w - 6, y + 182, x + w + 8, y + 217), fill=TEAL, r=4)
    box = phone(c, x, y, w, h)
    status_bar(c, box)
    # battery on the screen
    bx0, by0 = x + 45, y + 120
    c.rect((bx0, by0, bx0 + 100, by0 + 50), outline=INK, width=4, r=8)
    c.rect((bx0 + 100, by0 + 16, bx0 + 110, by0 + 34), fill=INK, r=2)
    c.rect((bx0 + 8, by0 + 8, bx0 + 8 + 84 * 0.8, by0 + 42), fill=GREEN, r=4)
    c.poly(
        [
            (bx0 + 55, by0 + 6),
            (bx0 + 40, by0 + 28),
            (bx0 + 52, by0 + 28),
            (bx0 + 46, by0 + 46),
            (bx0 + 64, by0 + 20),
            (bx0 + 52, by0 + 20),
        ],
        fill=YELLOW,
    )
    c.text((x + w / 2, by0 + 85), "กำลังชาร์จ 80%", 17, INK, bold=True, anchor="mm")
    # cable and charger
    c.rect((x + w / 2 - 12, y + h - 2, x + w / 2 + 12, y + h + 16), fill=GREY, r=3)
    c.line(
        [(x + w / 2, y + h + 16), (x + w / 2, y + h + 40), (x - 70, y + h + 40), (x - 70, y + h - 10)], INK, 5
    )
    c.rect((x - 100, y + h - 80, x - 40, y + h - 8), fill=PAPER, outline=INK, width=3, r=8)
    c.rect((x - 85, y + h - 100, x - 78, y + h - 80), fill=GREY)
    c.rect((x - 62, y + h - 100, x - 55, y + h - 80), fill=GREY)
    # labels
    c.line([(x + w + 10, y + 95), (x + w + 60, y + 95)], ORANGE, 3)
    c.text((x + w + 68, y + 95), "ปุ่มเปิด/ปิด\nกดค้าง 2–3 วินาที", 20, INK, bold=True, anchor="lm")
    c.line([(x + w + 10, y + 178), (x + w + 60, y + 178)], TEAL, 3)
    c.text((x + w + 68, y + 178), "ปุ่มเพิ่มเสียง\nและลดเสียง", 20, INK, bold=True, anchor="lm")
    c.text((x + w + 68, y + 300), "ช่องเสียบสายชาร์จ\nอยู่ด้านล่างเครื่อง", 20, INK, anchor="lm")
    c.line([(x + w / 2 + 16, y + h + 6), (x + w + 60, y + 300)], GREY, 2)
    c.text((x - 70, y + h - 125), "หัวชาร์จ\nที่ได้มาตรฐาน", 18, INK, bold=True, anchor="md")
    c.save(A / "images" / "phone-buttons.png")


def a_gestures():
    c = Canvas()
    title_band(c, "ท่าทางบนหน้าจอสัมผัส")
    items = [
        ("แตะ", "เปิดแอป กดปุ่ม"),
        ("แตะค้าง", "ดูเมนูเพิ่ม ย้ายแอป"),
        ("ปัด", "เลื่อนหน้าขึ้น-ลง"),
        ("ถ่างนิ้ว", "ขยายรูปและตัวหนังสือ"),
    ]
    for k, (name, desc) in enumerate(items):
        x0 = 25 + k * 192
        c.rect((x0, 70, x0 + 175, 470), fill=PAPER, r=18)
        sx0, sy0, sx1, sy1 = x0 + 22, 90, x0 + 153, 330
        c.rect((sx0, sy0, sx1, sy1), fill=SKY, r=12)
        cx, cy = (sx0 + sx1) / 2, (sy0 + sy1) / 2
        if k == 0:
            for r in (18, 30):
                c.circle(cx - 8, cy - 45, r, outline=BLUE, width=3)
            hand(c, cx - 8, cy - 45, 44)
        elif k == 1:
            c.arc((cx - 38, cy - 83, cx + 22, cy - 23), -90, 200, ORANGE, 7)
            hand(c, cx - 8, cy - 53, 44)
            c.text((cx, sy1 - 18), "นิ่งไว้ 1–2 วินาที", 14, INK, anchor="mm")
        elif k == 2:
            c.arrow((cx + 40, cy + 60), (cx + 40, cy - 100), BLUE, 6, 20)
            hand(c, cx - 8, cy - 30, 44)
        else:
            c.arrow((cx - 10, cy - 10), (cx - 52, cy - 80), BLUE, 5, 16)
            c.arrow((cx + 10, cy + 10), (cx + 52, cy + 80), BLUE, 5, 16)
            touch_dot(c, cx - 22, cy - 30)
            touch_dot(c, cx + 22, cy + 30)
        c.text((x0 + 87, 375), name, 30, NAVY, bold=True, anchor="mm")
        c.text((x0 + 87, 425), desc, 17, INK, anchor="mm")
    c.save(A / "images" / "gestures.png")


def a_wifi_data():
    c = Canvas()
    box = phone(c, 60, 30, 250, 445)
    status_bar(c, box)
    x0, y0, x1, _ = box
    c.text((x0 + 16, y0 + 48), "Wi-Fi", 24, INK, bold=True)
    c.rect((x1 - 70, y0 + 50, x1 - 20, y0 + 76), fill=GREEN, r=13)
    c.circle(x1 - 33, y0 + 63, 10, fill=PAPER)
    rows = [("ศูนย์ดิจิทัลชุมชน", True, "เชื่อมต่อแล้ว"), ("บ้านเลขที่ 9", True, ""), ("ร้านกาแฟ ฟรี", False, "")]
    for i, (name, locked, note) in enumerate(rows):
        ry = y0 + 100 + i * 72
        c.rect((x0 + 8, ry, x1 - 8, ry + 62), fill="#EAF6EE" if note else PAPER, r=10)
        wifi(c, x0 + 34, ry + 44, 24, BLUE if note else GREY)
        c.text((x0 + 58, ry + 10), name, 17, INK, bold=bool(note))
        if note:
            c.text((x0 + 58, ry + 36), note, 14, GREEN, bold=True)
        if locked:
            lock(c, x1 - 30, ry + 28, 20, GREY)
    c.text((x0 + 16, y0 + 335), "ข้อมูลมือถือ", 19, INK, bold=True)
    c.rect((x1 - 70, y0 + 333, x1 - 20, y0 + 359), fill=MID, r=13)
    c.circle(x1 - 57, y0 + 346, 10, fill=PAPER)
    # right side explanation
    c.circle(440, 145, 62, fill=PAPER)
    wifi(c, 440, 172, 70, BLUE)
    c.text((525, 115), "Wi-Fi (ไวไฟ)", 26, NAVY, bold=True)
    c.text((525, 155), "เน็ตไร้สายในบ้าน ร้าน\nหรือศูนย์ดิจิทัลชุมชน", 19, INK)
    c.circle(440, 335, 62, fill=PAPER)
    data_arrows(c, 440, 335, 70, ORANGE)
    c.text((525, 305), "เน็ตมือถือ", 26, NAVY, bold=True)
    c.text((525, 345), "เน็ตจากซิมการ์ด\nใช้ตามแพ็กเกจที่จ่าย", 19, INK)
    c.save(A / "images" / "wifi-and-data.png")


def a_official_store():
    c = Canvas()
    box = phone(c, 50, 30, 250, 445)
    status_bar(c, box)
    x0, y0, x1, y1 = box
    c.rect((x0 + 12, y0 + 45, x1 - 12, y0 + 82), fill=LIGHT, r=18)
    c.circle(x0 + 34, y0 + 62, 8, outline=GREY, width=2)
    c.line([(x0 + 40, y0 + 68), (x0 + 46, y0 + 74)], GREY, 2)
    c.text((x0 + 54, y0 + 63), "ค้นหาแอป", 16, GREY, anchor="lm")
    c.rect((x0 + 16, y0 + 105, x0 + 86, y0 + 175), fill=TEAL, r=16)
    c.circle(x0 + 51, y0 + 140, 18, fill=PAPER)
    c.text((x0 + 98, y0 + 108), "แอปที่ต้องการ", 18, INK, bold=True)
    c.text((x0 + 98, y0 + 135), "ผู้พัฒนา: ชื่อจริง\nของหน่วยงาน", 13, GREEN)
    for k in range(5):
        star(c, x0 + 28 + k * 22, y0 + 200, 9, YELLOW if k < 4 else MID)
    c.text((x0 + 140, y0 + 200), "รีวิว 4.4", 14, INK, anchor="lm")
    c.rect((x0 + 16, y0 + 228, x1 - 16, y0 + 268), fill=GREEN, r=20)
    c.text(((x0 + x1) / 2, y0 + 248), "ติดตั้ง", 19, PAPER, bold=True, anchor="mm")
    for k in range(3):
        c.rect((x0 + 16 + k * 70, y0 + 290, x0 + 76 + k * 70, y0 + 390), fill=SKY, r=8)
    # checklist
    c.text((340, 40), "ติดตั้งแอปอย่างปลอดภัย", 26, NAVY, bold=True)
    tips = ["โหลดจาก Play Store\nหรือ App Store เท่านั้น", "ดูชื่อผู้พัฒนาให้ตรง", "อ่านรีวิวและยอดดาวน์โหลด"]
    for i, tip in enumerate(tips):
        check_badge(c, 360, 138 + i * 70, 16)
        c.text((388, 138 + i * 70), tip, 19, INK, anchor="lm")
    c.rect((335, 345, 760, 445), fill="#FDE4E4", r=14)
    cross_badge(c, 370, 395, 20)
    c.text((402, 395), "ห้ามติดตั้งแอปจากลิงก์\nใน SMS, LINE หรือไฟล์ .apk", 19, "#8A1F1F", bold=True, anchor="lm")
    c.save(A / "images" / "official-store.png")


def a_add_friend():
    c = Canvas()
    box = phone(c, 60, 30, 250, 445)
    status_bar(c, box)
    x0, y0, x1, _ = box
    c.text(((x0 + x1) / 2, y0 + 58), "เพิ่มเพื่อน", 20, INK, bold=True, anchor="mm")
    icons = ["คิวอาร์โค้ด", "ค้นหา"]
    for i, name in enumerate(icons):
        cx = x0 + 65 + i * 110
        c.circle(cx, y0 + 110, 26, fill=GREEN if i == 0 else LIGHT)
        if i == 0:
            c.rect((cx - 11, y0 + 99, cx + 11, y0 + 121), outline=PAPER, width=3)
            c.rect((cx - 4, y0 + 106, cx + 4, y0 + 114), fill=PAPER)
        else:
            c.circle(cx - 3, y0 + 107, 9, outline=INK, width=3)
            c.line([(cx + 4, y0 + 114), (cx + 11, y0 + 121)], INK, 3)
        c.text((cx, y0 + 152), name, 14, INK, anchor="mm")
    fake_qr(c, x0 + 45, y0 + 190, 140, seed=11)
    c.stamp((x0 + x1) / 2, y0 + 262, "ตัวอย่าง", 26, RED, 14)
    c.text(((x0 + x1) / 2, y0 + 362), "คิวอาร์โค้ดของฉัน", 16, INK, bold=True, anchor="mm")
    c.text((345, 120), "เพิ่มเพื่อนได้ 2 วิธี", 28, NAVY, bold=True)
    numbered(c, 360, 190, 1)
    c.text((385, 190), "สแกนคิวอาร์โค้ด (QR)\nของเพื่อนด้วยกล้อง", 20, INK, anchor="lm")
    numbered(c, 360, 280, 2)
    c.text((385, 280), "ค้นหาด้วยไอดี LINE\nหรือเบอร์โทรศัพท์", 20, INK, anchor="lm")
    c.rect((340, 350, 760, 430), fill="#FFF0D6", r=14)
    c.text((360, 390), "เพิ่มเฉพาะคนที่เรารู้จักจริงเท่านั้น", 20, "#7A4A00", bold=True, anchor="lm")
    c.save(A / "images" / "line-add-friend.png")


def a_line_chat():
    c = Canvas()
    box = phone(c, 240, 22, 290, 460)
    x0, y0, x1, y1 = box
    c.rect((x0, y0, x1, y0 + 52), fill=LIGHT, r=12)
    c.rect((x0, y0 + 30, x1, y0 + 52), fill=LIGHT)
    c.text((x0 + 16, y0 + 26), "ลูกสาว", 19, INK, bold=True, anchor="lm")
    # phone and video icons in the chat header
    c.arc((x1 - 96, y0 + 12, x1 - 70, y0 + 40), 100, 260, GREEN, 6)
    c.rect((x1 - 92, y0 + 10, x1 - 82, y0 + 17), fill=GREEN, r=2)
    c.rect((x1 - 92, y0 + 35, x1 - 82, y0 + 42), fill=GREEN, r=2)
    c.rect((x1 - 48, y0 + 17, x1 - 30, y0 + 35), fill=BLUE, r=4)
    c.poly([(x1 - 30, y0 + 26), (x1 - 20, y0 + 18), (x1 - 20, y0 + 34)], fill=BLUE)
    c.rect((x0, y0 + 52, x1, y1 - 50), fill="#DCE6F2")
    bubble(c, (x0 + 20, y0 + 70, x0 + 190, y0 + 108), PAPER, "left")
    c.text((x0 + 34, y0 + 89), "แม่ กินข้าวหรือยัง", 16, INK, anchor="lm")
    bubble(c, (x1 - 140, y0 + 126, x1 - 20, y0 + 164), CHAT_GREEN, "right")
    c.text((x1 - 126, y0 + 145), "กินแล้วจ้ะ", 16, INK, anchor="lm")
    # photo bubble: a small landscape
    px0, py0, px1, py1 = x1 - 190, y0 + 182, x1 - 20, y0 + 290
    c.rect((px0, py0, px1, py1), fill="#BFE3F5", r=10)
    c.circle(px1 - 36, py0 + 28, 14, fill=YELLOW)
    c.poly([(px0, py1), (px0 + 60, py0 + 45), (px0 + 110, py1)], fill=GREEN)
    c.poly([(px0 + 70, py1), (px0 + 125, py0 + 60), (px1, py1)], fill=TEAL)
    bubble(c, (x0 + 20, y0 + 310, x0 + 175, y0 + 348), PAPER, "left")
    c.text((x0 + 34, y0 + 329), "รูปสวยมากค่ะ", 16, INK, anchor="lm")
    c.rect((x0, y1 - 50, x1, y1), fill=PAPER, r=12)
    c.text((x0 + 18, y1 - 26), "+", 26, GREY, bold=True, anchor="lm")
    c.rect((x0 + 48, y1 - 36, x0 + 72, y1 - 18), outline=GREY, width=2, r=3)
    c.rect((x0 + 86, y1 - 38, x1 - 14, y1 - 14), fill=LIGHT, r=12)
    # labels
    c.text((560, 60), "โทรด้วยเสียง\nและวิดีโอคอล", 20, NAVY, bold=True, anchor="la")
    c.arrow((555, 70), (x1 - 55, y0 + 30), ORANGE, 3, 12)
    c.text((560, 250), "ส่งรูปให้ลูกหลาน\nดูได้ทันที", 20, NAVY, bold=True)
    c.arrow((555, 262), (px1 + 8, py0 + 50), ORANGE, 3, 12)
    c.text((40, 330), "แตะรูปภาพ\nเพื่อเลือกรูป\nจากเครื่อง", 20, NAVY, bold=True)
    c.arrow((140, 420), (x0 + 55, y1 - 28), ORANGE, 3, 12)
    c.text((40, 110), "แชทและโทร\nใช้อินเทอร์เน็ต\nไม่เสียค่าโทร", 20, NAVY, bold=True)
    c.save(A / "images" / "line-chat.png")


def a_fake_sms():
    c = Canvas("#FFF3F0")
    box = phone(c, 40, 25, 290, 455)
    status_bar(c, box)
    x0, y0, x1, y1 = box
    c.text(((x0 + x1) / 2, y0 + 50), "ข้อความ SMS", 18, INK, bold=True, anchor="mm")
    bubble(c, (x0 + 18, y0 + 75, x1 - 18, y0 + 205), LIGHT, "left")
    c.text((x0 + 32, y0 + 88), "พัสดุของคุณส่งไม่ได้\nกรุณายืนยันที่อยู่\nภายใน 24 ชม. ที่ลิงก์", 16, INK)
    c.text((x0 + 32, y0 + 170), "http://parcel-th.example/x7k", 14, BLUE)
    bubble(c, (x0 + 18, y0 + 230, x1 - 18, y0 + 340), LIGHT, "left")
    c.text((x0 + 32, y0 + 243), "คุณได้รับเงินคืนค่าไฟ\n1,250 บาท กดรับเลย", 16, INK)
    c.text((x0 + 32, y0 + 303), "http://refund-th.example/a1", 14, BLUE)
    warning(c, x1 - 20, y0 + 395, 100)
    c.rect((360, 50, 770, 120), fill=RED, r=16)
    c.text((565, 85), "ลิงก์ปลอม อย่ากด!", 32, PAPER, bold=True, anchor="mm")
    c.text((370, 150), "สังเกตข้อความหลอก", 24, NAVY, bold=True)
    signs = ["เร่งให้รีบทำ ขู่ให้กลัว", "ลิงก์แปลก ๆ ไม่ใช่เว็บทางการ", "ให้กรอกรหัส หรือให้โอนเงิน", "บอกว่าได้เงินหรือรางวัลฟรี"]
    for i, s in enumerate(signs):
        cross_badge(c, 385, 208 + i * 58, 15)
        c.text((412, 208 + i * 58), s, 20, INK, anchor="lm")
    c.text((370, 448), "ถูกหลอกแล้ว โทร 1441 ได้ 24 ชั่วโมง", 19, "#8A1F1F", bold=True, anchor="lm")
    c.save(A / "images" / "fake-sms.png")


def a_otp_lock():
    c = Canvas()
    box = phone(c, 50, 25, 250, 455, screen="#1E2A3C")
    x0, y0, x1, y1 = box
    lock(c, (x0 + x1) / 2, y0 + 62, 40, PAPER, "#1E2A3C")
    c.text(((x0 + x1) / 2, y0 + 115), "ใส่รหัสผ่าน", 17, PAPER, anchor="mm")
    for k in range(6):
        cx = (x0 + x1) / 2 - 62 + k * 25
        c.circle(cx, y0 + 148, 7, fill=PAPER if k < 3 else None, outline=PAPER, width=2)
    keys = "123456789 0 "
    for k, ch in enumerate(keys):
        if ch == " ":
            continue
        cx = (x0 + x1) / 2 + (k % 3 - 1) * 70
        cy = y0 + 205 + (k // 3) * 58
        c.circle(cx, cy, 24, fill="#34445E")
        c.text((cx, cy), ch, 22, PAPER, anchor="mm")
    # OTP SMS card
    c.rect((340, 40, 770, 200), fill=PAPER, r=18)
    c.text((365, 62), "SMS จากธนาคาร", 17, GREY)
    c.text((365, 95), "รหัส OTP ของคุณคือ 482913", 24, INK, bold=True)
    c.text((365, 135), "ห้ามบอกรหัสนี้กับผู้ใด\nรหัสใช้ได้ 5 นาที", 18, INK)
    c.stamp(690, 150, "ห้ามบอกใคร", 22, RED, 10)
    # lock tips
    c.text((345, 245), "ล็อกหน้าจอให้ปลอดภัย", 26, NAVY, bold=True)
    good = ["รหัส 6 หลักที่เดายาก", "ใช้ลายนิ้วมือหรือสแกนหน้า"]
    bad = ["ไม่ใช้ 123456 หรือวันเกิด"]
    for i, s in enumerate(good):
        check_badge(c, 362, 300 + i * 52, 15)
        c.text((388, 300 + i * 52), s, 20, INK, anchor="lm")
    cross_badge(c, 362, 404, 15)
    c.text((388, 404), bad[0], 20, INK, anchor="lm")
    c.save(A / "images" / "otp-and-lock.png")


# --------------------------------------------------------------------------- course (b)

B = HERE / "selling-online"


def awning(c: Canvas, y=0, h=55, colors=(RED, PAPER)):
    n = 10
    wdt = c.w / n
    for i in range(n):
        col = colors[i % 2]
        c.rect((i * wdt, y, (i + 1) * wdt, y + h), fill=col)
        c.pie((i * wdt, y + h - wdt / 2, (i + 1) * wdt, y + h + wdt / 2), 0, 180, col)


def b_cover():
    c = Canvas("#FFF4E2")
    awning(c, 0, 50, (ORANGE, "#FFE2B8"))
    c.text((40, 150), "ขายสินค้าชุมชน\nออนไลน์", 50, NAVY, bold=True, anchor="lm")
    c.text((42, 265), "ถ่ายรูป ตั้งราคา รับเงิน\nแพ็กของ และดูแลลูกค้า", 25, INK, anchor="lm")
    c.rect((0, 400, 800, 500), fill=KRAFT_DARK)
    c.rect((0, 392, 800, 404), fill="#9C6C38")
    jar(c, 110, 400, 70, 88)
    jar(c, 190, 400, 60, 74, lid=YELLOW, body="#7A9A3A", label="กล้วย")
    cloth(c, 250, 345, 110, 55)
    box = phone(c, 430, 110, 150, 290)
    x0, y0, x1, y1 = box
    c.rect((x0 + 10, y0 + 20, x1 - 10, y0 + 120), fill=SKY, r=8)
    jar(c, (x0 + x1) / 2, y0 + 110, 50, 64)
    c.text((x0 + 12, y0 + 135), "น้ำพริกเผา", 15, INK, bold=True)
    c.text((x0 + 12, y0 + 160), "150 บาท", 17, RED, bold=True)
    c.rect((x0 + 10, y1 - 60, x1 - 10, y1 - 25), fill=GREEN, r=16)
    c.text(((x0 + x1) / 2, y1 - 42), "สั่งซื้อ", 16, PAPER, bold=True, anchor="mm")
    parcel_box(c, 615, 290, 130, 110, 50, label=False)
    c.save(B / "cover.png")


def b_channels():
    c = Canvas()
    title_band(c, "เลือกช่องทางขายที่เหมาะกับเรา")
    cards = [
        ("Thailandpostmart", "ตลาดออนไลน์\nของไปรษณีย์ไทย", "mail", "#E8F0FF"),
        ("LINE OA / MyShop", "ขายให้ลูกค้าประจำ\nทักแชทง่าย", "chat", "#E6F7EA"),
        ("เพจ Facebook", "โพสต์รูป ไลฟ์สด\nคุยกับลูกค้า", "page", "#E8EEFB"),
        ("Shopee / Lazada", "ตลาดใหญ่ คนซื้อเยอะ\nมีค่าธรรมเนียม", "cart", "#FCE3C6"),
    ]
    for k, (name, desc, icon, bg) in enumerate(cards):
        x0 = 30 + (k % 2) * 375
        y0 = 80 + (k // 2) * 205
        c.rect((x0, y0, x0 + 360, y0 + 185), fill=bg, r=18)
        cx, cy = x0 + 70, y0 + 92
        c.circle(cx, cy, 46, fill=PAPER)
        if icon == "mail":
            c.rect((cx - 30, cy - 20, cx + 30, cy + 22), fill=RED, r=4)
            c.line([(cx - 28, cy - 18), (cx, cy + 4), (cx + 28, cy - 18)], PAPER, 4)
        elif icon == "chat":
            bubble(c, (cx - 30, cy - 22, cx + 30, cy + 14), GREEN, "left", r=12)
            for dx in (-14, 0, 14):
                c.circle(cx + dx, cy - 4, 4, fill=PAPER)
        elif icon == "page":
            c.rect((cx - 26, cy - 32, cx + 26, cy + 32), fill=BLUE, r=5)
            c.rect((cx - 18, cy - 24, cx + 18, cy - 6), fill=PAPER, r=2)
            for j in range(3):
                c.rect((cx - 18, cy + 2 + j * 9, cx + 18 - j * 8, cy + 6 + j * 9), fill=PAPER)
        else:
            c.line(
                [
                    (cx - 32, cy - 24),
                    (cx - 22, cy - 24),
                    (cx - 12, cy + 12),
                    (cx + 24, cy + 12),
                    (cx + 30, cy - 12),
                    (cx - 17, cy - 12),
                ],
                ORANGE,
                5,
            )
            c.circle(cx - 8, cy + 24, 6, fill=ORANGE)
            c.circle(cx + 20, cy + 24, 6, fill=ORANGE)
        c.text((x0 + 135, y0 + 68), name, 23, NAVY, bold=True, anchor="lm")
        c.text((x0 + 135, y0 + 118), desc, 17, INK, anchor="lm")
    c.save(B / "images" / "channels.png")


def b_photo_setup():
    c = Canvas("#F4F1EA")
    # window with daylight
    c.rect((30, 40, 230, 300), fill="#9C7A54", r=6)
    c.rect((45, 55, 215, 285), fill="#CFEAF9")
    c.rect((127, 55, 133, 285), fill="#9C7A54")
    c.rect((45, 167, 215, 173), fill="#9C7A54")
    for k in range(4):
        c.poly(
            [(215, 90 + k * 50), (215, 110 + k * 50), (400, 260 + k * 25), (400, 248 + k * 25)],
            fill="#FCEFB8",
        )
    # table
    c.rect((230, 380, 790, 400), fill="#A9743F")
    c.rect((260, 400, 280, 490), fill="#8C5E30")
    c.rect((740, 400, 760, 490), fill="#8C5E30")
    # white backdrop sheet (a curve from the wall to the table)
    c.rect((330, 170, 590, 380), fill=PAPER)
    c.rect((330, 320, 590, 380), fill="#F1F1F1")
    c.rect((330, 300, 590, 320), fill="#F8F8F8")
    jar(c, 460, 370, 80, 100)
    # the phone taking the picture
    c.rect((652, 235, 672, 355), fill=NAVY, r=6)
    c.rect((645, 250, 653, 272), fill=GREY, r=2)
    c.text((662, 222), "มือถือ", 15, INK, anchor="mm")
    c.dashed((643, 261), (505, 320), BLUE, 2)
    # angle ideas
    c.text((620, 28), "ลองถ่ายหลายมุม", 22, NAVY, bold=True, anchor="la")
    for i, s in enumerate(["ตรงหน้า", "เฉียง 45 องศา", "มุมบน", "ระยะใกล้"]):
        numbered(c, 632, 80 + i * 30, i + 1, TEAL, 11)
        c.text((650, 80 + i * 30), s, 16, INK, anchor="lm")
    c.text((30, 335), "แสงจากหน้าต่าง\n+ ฉากสีขาวเรียบ\n= รูปสว่าง สีตรง", 20, NAVY, bold=True)
    c.save(B / "images" / "photo-setup.png")


def b_photo_compare():
    c = Canvas()
    title_band(c, "รูปไหนน่าซื้อกว่า")
    # bad photo
    c.rect((40, 75, 380, 405), fill="#4A4338", r=12)
    c.rect((60, 290, 360, 390), fill="#6B5B45")
    c.rect((80, 150, 150, 290), fill="#7A6A52")
    c.circle(310, 250, 38, fill="#6F7F55")
    c.rect((240, 300, 340, 330), fill="#8D7A5F", r=6)
    jar(c, 200, 320, 44, 56, lid="#8A3A2A", body="#6E2F22", label="")
    cross_badge(c, 350, 105, 22)
    c.text((210, 445), "มืด รก สินค้าเล็ก", 22, "#8A1F1F", bold=True, anchor="mm")
    # good photo
    c.rect((420, 75, 760, 405), fill=PAPER, r=12)
    c.rect((420, 330, 760, 405), fill="#F1F1F1", r=12)
    jar(c, 590, 360, 130, 165)
    check_badge(c, 730, 105, 22)
    c.text((590, 445), "สว่าง พื้นเรียบ สินค้าเต็มรูป", 22, "#1E6B3A", bold=True, anchor="mm")
    c.save(B / "images" / "photo-compare.png")


def b_price_card():
    c = Canvas()
    title_band(c, "คิดราคาให้เห็นกำไร (ตัวอย่าง: ขายแบบส่งฟรี)", size=24)
    jar(c, 130, 330, 120, 150)
    c.text((130, 375), "น้ำพริกเผา\n1 กระปุก", 22, NAVY, bold=True, anchor="ma")
    x0, y0, x1 = 270, 70, 760
    c.rect((x0, y0, x1, 470), fill=PAPER, r=16)
    rows = [
        ("ราคาขาย (รวมค่าส่ง)", "150", INK, True),
        ("หัก ค่าธรรมเนียมแพลตฟอร์ม 8%", "– 12", RED, False),
        ("หัก ต้นทุนสินค้า", "– 55", RED, False),
        ("หัก ค่ากล่องและบับเบิล", "– 8", RED, False),
        ("หัก ค่าส่ง", "– 45", RED, False),
    ]
    for i, (label, value, col, bold) in enumerate(rows):
        y = y0 + 45 + i * 60
        c.text((x0 + 30, y), label, 21, INK, bold=bold, anchor="lm")
        c.text((x1 - 30, y), value + " บาท", 22, col, bold=True, anchor="rm")
        if i < len(rows) - 1:
            c.line([(x0 + 25, y + 30), (x1 - 25, y + 30)], LIGHT, 2)
    c.line([(x0 + 25, y0 + 322), (x1 - 25, y0 + 322)], INK, 3)
    c.rect((x0 + 15, y0 + 335, x1 - 15, y0 + 390), fill="#E4F6E9", r=12)
    c.text((x0 + 30, y0 + 362), "เหลือเป็นกำไร", 24, "#1E6B3A", bold=True, anchor="lm")
    c.text((x1 - 30, y0 + 362), "30 บาท", 28, "#1E6B3A", bold=True, anchor="rm")
    c.save(B / "images" / "price-card.png")


def b_promptpay():
    c = Canvas("#EEF3FA")
    x0, y0, x1, y1 = 60, 30, 360, 475
    c.rect((x0, y0, x1, y1), fill=PAPER, r=18)
    c.rect((x0, y0, x1, y0 + 70), fill="#123A73", r=18)
    c.rect((x0, y0 + 40, x1, y0 + 70), fill="#123A73")
    c.text(((x0 + x1) / 2, y0 + 36), "พร้อมเพย์ (PromptPay)", 22, PAPER, bold=True, anchor="mm")
    c.text(((x0 + x1) / 2, y0 + 98), "ร้านน้ำพริกป้าแดง", 20, INK, bold=True, anchor="mm")
    fake_qr(c, x0 + 55, y0 + 125, 190, seed=2024)
    c.text(((x0 + x1) / 2, y0 + 355), "ยอดชำระ 150.00 บาท", 22, INK, bold=True, anchor="mm")
    c.text(((x0 + x1) / 2, y0 + 395), "สแกนด้วยแอปธนาคารใดก็ได้", 16, GREY, anchor="mm")
    c.stamp((x0 + x1) / 2, y0 + 220, "ตัวอย่าง ห้ามสแกน", 26, RED, 20)
    c.text((400, 80), "รับเงินด้วย QR", 28, NAVY, bold=True)
    tips = [
        "ลูกค้าสแกน QR แล้วโอนได้ทันที",
        "ชื่อร้านขึ้นให้ลูกค้าตรวจดู",
        "ไม่ต้องบอกเลขบัญชียาว ๆ",
        "ตรวจป้าย QR ที่ร้านทุกวัน\nกันคนแอบเปลี่ยนป้าย",
    ]
    for i, s in enumerate(tips):
        if i < 3:
            check_badge(c, 415, 150 + i * 62, 15)
        else:
            warning(c, 415, 150 + i * 62, 34)
        c.text((442, 150 + i * 62), s, 19, INK, anchor="lm")
    c.save(B / "images" / "promptpay-qr.png")


def b_slip_check():
    c = Canvas()
    title_band(c, "ดูสลิปอย่างเดียวไม่พอ ต้องดูเงินเข้าจริง", size=25)
    # slip from customer
    c.rect((50, 85, 300, 420), fill="#F3F6F9", r=14, outline=MID, width=2)
    check_badge(c, 175, 135, 24, GREY)
    c.text((175, 185), "โอนเงินสำเร็จ", 20, INK, bold=True, anchor="mm")
    c.text((175, 228), "150.00 บาท", 28, INK, bold=True, anchor="mm")
    for k in range(4):
        c.rect((75, 270 + k * 24, 275 - (k % 2) * 50, 280 + k * 24), fill=MID, r=3)
    c.text((175, 455), "สลิปที่ลูกค้าส่งมา", 20, NAVY, bold=True, anchor="mm")
    c.circle(290, 95, 34, fill=ORANGE)
    c.text((290, 95), "?", 40, PAPER, bold=True, anchor="mm")
    c.arrow((320, 250), (450, 250), ORANGE, 6, 22)
    # own bank app
    box = phone(c, 480, 70, 240, 415)
    status_bar(c, box)
    x0, y0, x1, y1 = box
    c.text((x0 + 16, y0 + 45), "แอปธนาคารของเรา", 17, INK, bold=True)
    c.text((x0 + 16, y0 + 80), "รายการเงินเข้า", 15, GREY)
    rows = [("+150.00", "วันนี้ 10:42 น.", True), ("+320.00", "เมื่อวาน 16:05 น.", False)]
    for i, (amt, when, hl) in enumerate(rows):
        ry = y0 + 106 + i * 64
        c.rect((x0 + 10, ry, x1 - 10, ry + 56), fill="#E4F6E9" if hl else LIGHT, r=10)
        c.text((x0 + 24, ry + 18), amt + " บาท", 18, "#1E6B3A", bold=True, anchor="lm")
        c.text((x0 + 24, ry + 42), when, 13, INK, anchor="lm")
    check_badge(c, (x0 + x1) / 2, y0 + 264, 28)
    c.text(((x0 + x1) / 2, y0 + 324), "เงินเข้าจริง\nค่อยส่งของ", 18, "#1E6B3A", bold=True, anchor="mm")
    c.save(B / "images" / "slip-check.png")


def b_parcel():
    c = Canvas()
    title_band(c, "ชั่ง แพ็ก ติดป้าย เก็บเลขพัสดุ")
    # kitchen scale
    c.rect((60, 395, 360, 440), fill=GREY, r=10)
    c.rect((80, 380, 340, 398), fill=MID, r=6)
    c.rect((160, 405, 260, 432), fill="#1E2A3C", r=4)
    c.text((210, 419), "0.45 กก.", 15, "#7CF29A", bold=True, anchor="mm")
    parcel_box(c, 95, 210, 200, 170, 60)
    # tracking card
    x0, y0, x1, y1 = 430, 110, 770, 330
    c.rect((x0, y0, x1, y1), fill=PAPER, r=16)
    c.text((x0 + 25, y0 + 30), "เลขพัสดุ (ตัวอย่าง)", 18, GREY)
    c.text((x0 + 25, y0 + 72), "EF123456789TH", 30, NAVY, bold=True, anchor="lm")
    rng = random.Random(5)
    bx = x0 + 25
    while bx < x1 - 30:
        bw = rng.choice((2, 3, 4, 5))
        c.rect((bx, y0 + 110, bx + bw, y0 + 170), fill=INK)
        bx += bw + rng.choice((2, 3, 4))
    c.text((x0 + 25, y0 + 195), "ส่งเลขนี้ให้ลูกค้าติดตามของได้", 17, INK, anchor="lm")
    c.text((430, 370), "ถ่ายวิดีโอตอนแพ็กของไว้\nเป็นหลักฐานทุกครั้ง", 21, NAVY, bold=True)
    c.save(B / "images" / "parcel.png")


def b_reviews():
    c = Canvas()
    box = phone(c, 60, 30, 260, 445)
    status_bar(c, box)
    x0, y0, x1, y1 = box
    c.text((x0 + 16, y0 + 48), "รีวิวจากลูกค้า", 19, INK, bold=True)
    for k in range(5):
        star(c, x0 + 30 + k * 32, y0 + 100, 14)
    bubble(c, (x0 + 16, y0 + 130, x1 - 16, y0 + 210), LIGHT, "left")
    c.text((x0 + 30, y0 + 145), "อร่อยมาก ส่งไว\nแพ็กมาดี ไม่หก", 16, INK)
    bubble(c, (x0 + 40, y0 + 240, x1 - 16, y0 + 320), CHAT_GREEN, "right")
    c.text((x0 + 54, y0 + 255), "ขอบคุณมากค่ะ\nแล้วอุดหนุนกันอีกนะคะ", 15, INK)
    c.text((370, 70), "ดูแลลูกค้าหลังการขาย", 28, NAVY, bold=True)
    tips = ["ขอบคุณทุกออร์เดอร์", "ตอบรีวิวอย่างสุภาพ", "แก้ปัญหาให้เร็ว", "ชวนกลับมาซื้อซ้ำ"]
    for i, s in enumerate(tips):
        c.circle(395, 150 + i * 68, 22, fill=[ORANGE, TEAL, BLUE, GREEN][i])
        c.text((395, 150 + i * 68), str(i + 1), 20, PAPER, bold=True, anchor="mm")
        c.text((430, 150 + i * 68), s, 22, INK, anchor="lm")
    c.save(B / "images" / "reviews.png")


# --------------------------------------------------------------------------- course (c)

C = HERE / "product-page"
FB_BLUE = "#1B74E4"


def megaphone(c: Canvas, cx, cy, s, color=ORANGE):
    c.poly(
        [
            (cx - s * 0.45, cy - s * 0.15),
            (cx + s * 0.35, cy - s * 0.5),
            (cx + s * 0.35, cy + s * 0.5),
            (cx - s * 0.45, cy + s * 0.15),
        ],
        fill=color,
    )
    c.rect((cx - s * 0.6, cy - s * 0.18, cx - s * 0.4, cy + s * 0.18), fill=NAVY, r=4)
    c.rect((cx + s * 0.3, cy - s * 0.55, cx + s * 0.42, cy + s * 0.55), fill=NAVY, r=4)
    c.rect((cx - s * 0.4, cy + s * 0.12, cx - s * 0.22, cy + s * 0.48), fill=NAVY, r=4)
    for k in (-1, 0, 1):
        c.line([(cx + s * 0.55, cy + k * s * 0.3), (cx + s * 0.75, cy + k * s * 0.42)], color, s * 0.06)


def page_frame(c: Canvas, x0, y0, x1, y1, name="ผ้าทอบ้านนาดี"):
    """A shop page: cover photo, round profile photo, name and buttons. Returns y below buttons."""
    c.rect((x0, y0, x1, y1), fill=PAPER, r=16)
    c.rect((x0, y0, x1, y0 + 130), fill=INDIGO, r=16)
    c.rect((x0, y0 + 100, x1, y0 + 130), fill=INDIGO)
    k = 0
    for yy in range(int(y0 + 14), int(y0 + 126), 16):
        c.rect((x0 + 10, yy, x1 - 10, yy + 5), fill="#7F8CD0" if k % 2 == 0 else "#C8CEF0")
        k += 1
    px, py = x0 + 70, y0 + 135
    c.circle(px, py, 46, fill=PAPER)
    c.circle(px, py, 40, fill=ORANGE)
    c.text((px, py), "ผ", 40, PAPER, bold=True, anchor="mm")
    c.text((x0 + 130, y0 + 160), name, 24, INK, bold=True, anchor="lm")
    c.text((x0 + 130, y0 + 190), "สินค้าชุมชน · ผ้าฝ้ายทอมือ", 15, GREY, anchor="lm")
    c.rect((x0 + 24, y0 + 215, x0 + 190, y0 + 252), fill=FB_BLUE, r=10)
    c.text((x0 + 107, y0 + 233), "ส่งข้อความ", 17, PAPER, bold=True, anchor="mm")
    c.rect((x0 + 200, y0 + 215, x0 + 300, y0 + 252), fill=LIGHT, r=10)
    c.text((x0 + 250, y0 + 233), "โทร", 17, INK, bold=True, anchor="mm")
    return y0 + 265


def c_cover():
    c = Canvas("#EAF1FD")
    page_frame(c, 380, 60, 760, 440)
    c.text((400, 345), "เปิดทุกวัน 08:00–18:00 น.", 16, INK)
    c.text((400, 375), "ส่งทั่วประเทศ ทักแชทได้เลย", 16, INK)
    c.text((40, 150), "สร้างเพจ\nขายสินค้า", 54, NAVY, bold=True, anchor="lm")
    c.text((42, 265), "โพสต์ให้น่าซื้อ โปรโมท\nและไลฟ์สดขายของ", 25, INK, anchor="lm")
    megaphone(c, 120, 390, 110)
    c.save(C / "cover.png")


def c_page_mockup():
    c = Canvas()
    x0, y0, x1, y1 = 40, 25, 500, 475
    top = page_frame(c, x0, y0, x1, y1)
    info = [
        ("clock", "เปิดทุกวัน 08:00–18:00 น."),
        ("phone", "โทร 08X-XXX-XXXX"),
        ("pin", "หมู่ 3 ตำบลนาดี (ที่ตั้งร้าน)"),
    ]
    for i, (icon, s) in enumerate(info):
        y = top + 30 + i * 45
        cx = x0 + 42
        if icon == "clock":
            c.circle(cx, y, 12, outline=GREY, width=3)
            c.line([(cx, y - 7), (cx, y), (cx + 6, y + 3)], GREY, 2.5)
        elif icon == "phone":
            c.rect((cx - 8, y - 13, cx + 8, y + 13), outline=GREY, width=3, r=3)
        else:
            c.circle(cx, y - 4, 10, fill=GREY)
            c.poly([(cx - 9, y), (cx + 9, y), (cx, y + 14)], fill=GREY)
            c.circle(cx, y - 4, 4, fill=PAPER)
        c.text((x0 + 70, y), s, 18, INK, anchor="lm")
    labels = [
        (1, "รูปปก:\nภาพสินค้าหรือร้าน", y0 + 60),
        (2, "รูปโปรไฟล์:\nโลโก้หรือสินค้าเด่น", y0 + 140),
        (3, "ชื่อเพจ: สั้น จำง่าย", y0 + 205),
        (4, "ข้อมูลติดต่อ\nและเวลาเปิด", top + 75),
    ]
    for n, s, y in labels:
        numbered(c, 540, y, n, ORANGE, 16)
        c.text((565, y), s, 18, INK, bold=True, anchor="lm")
    c.save(C / "images" / "page-mockup.png")


def c_good_post():
    c = Canvas()
    x0, y0, x1, y1 = 40, 20, 450, 480
    c.rect((x0, y0, x1, y1), fill=PAPER, r=16)
    c.circle(x0 + 36, y0 + 36, 20, fill=ORANGE)
    c.text((x0 + 36, y0 + 36), "ผ", 20, PAPER, bold=True, anchor="mm")
    c.text((x0 + 66, y0 + 26), "ผ้าทอบ้านนาดี", 17, INK, bold=True, anchor="lm")
    c.text((x0 + 66, y0 + 48), "2 ชม.", 13, GREY, anchor="lm")
    c.text((x0 + 20, y0 + 75), "ผ้าฝ้ายทอมือ ย้อมครามธรรมชาติ\nผืนละ 350 บาท ส่งฟรีทั่วไทย\nทักแชทสั่งได้เลยค่ะ", 17, INK)
    c.text((x0 + 20, y0 + 160), "#ผ้าทอมือ #ของดีชุมชน #ผ้าคราม", 16, FB_BLUE)
    cloth(c, x0 + 15, y0 + 195, x1 - x0 - 30, 210)
    for k, s in enumerate(["ถูกใจ", "แสดงความคิดเห็น", "แชร์"]):
        c.text((x0 + 70 + k * 130, y1 - 30), s, 14, GREY, anchor="mm")
    notes = [
        (y0 + 85, "บรรทัดแรกบอกว่าขายอะไร"),
        (y0 + 130, "บอกราคาและวิธีสั่ง"),
        (y0 + 165, "แฮชแท็ก 2–5 คำ"),
        (y0 + 300, "รูปสว่าง ชัด เห็นสินค้า"),
    ]
    for i, (y, s) in enumerate(notes):
        numbered(c, 490, y, i + 1, TEAL, 15)
        c.line([(452, y), (474, y)], TEAL, 2)
        c.text((515, y), s, 18, INK, bold=True, anchor="lm")
    c.save(C / "images" / "good-post.png")


def c_calendar():
    c = Canvas()
    title_band(c, "ตารางโพสต์ประจำสัปดาห์ (ตัวอย่าง)", size=26)
    days = ["จันทร์", "อังคาร", "พุธ", "พฤหัสฯ", "ศุกร์", "เสาร์", "อาทิตย์"]
    plan = {
        0: ("รูปสินค้า\nใหม่", "19:00", BLUE),
        2: ("วิดีโอสั้น", "12:00", ORANGE),
        4: ("รีวิว\nลูกค้า", "19:00", TEAL),
        5: ("ไลฟ์สด", "20:00", RED),
    }
    cw = 104
    for i, day in enumerate(days):
        x0 = 36 + i * cw
        c.rect((x0, 75, x0 + cw - 8, 125), fill=NAVY, r=8)
        c.text((x0 + (cw - 8) / 2, 100), day, 17, PAPER, bold=True, anchor="mm")
        c.rect((x0, 133, x0 + cw - 8, 380), fill=PAPER, r=8)
        if i in plan:
            what, when, col = plan[i]
            c.rect((x0 + 6, 150, x0 + cw - 14, 290), fill=col, r=10)
            c.text((x0 + (cw - 8) / 2, 195), what, 16, PAPER, bold=True, anchor="mm")
            c.text((x0 + (cw - 8) / 2, 255), when + " น.", 16, PAPER, bold=True, anchor="mm")
    c.text((400, 425), "โพสต์สม่ำเสมอ 3–4 ครั้งต่อสัปดาห์ ในเวลาที่ลูกค้าว่าง", 21, NAVY, bold=True, anchor="mm")
    c.text((400, 462), "ใช้ Meta Business Suite ตั้งเวลาโพสต์ล่วงหน้าได้", 18, INK, anchor="mm")
    c.save(C / "images" / "posting-calendar.png")


def c_short_video():
    c = Canvas()
    box = phone(c, 70, 20, 240, 460, screen="#1E2A3C")
    x0, y0, x1, y1 = box
    cloth(c, x0 + 20, y0 + 80, x1 - x0 - 40, 200)
    c.circle((x0 + x1) / 2, y0 + 180, 34, fill=(255, 255, 255))
    c.poly(
        [((x0 + x1) / 2 - 10, y0 + 162), ((x0 + x1) / 2 - 10, y0 + 198), ((x0 + x1) / 2 + 18, y0 + 180)],
        fill=RED,
    )
    c.rect((x0 + 20, y1 - 70, x1 - 20, y1 - 64), fill="#55627A", r=3)
    c.rect((x0 + 20, y1 - 70, x0 + 90, y1 - 64), fill=RED, r=3)
    c.text((x0 + 20, y1 - 45), "0:12 / 0:35", 14, PAPER, anchor="lm")
    c.text((x0 + 20, y0 + 310), "ทอผ้า 1 ผืน ใช้เวลา 3 วัน", 15, PAPER, bold=True)
    c.text((360, 60), "วิดีโอสั้นขายของ", 28, NAVY, bold=True)
    tips = [
        ("ถือมือถือแนวตั้ง", BLUE),
        ("ยาว 15–60 วินาที", ORANGE),
        ("3 วินาทีแรกต้องน่าสนใจ", RED),
        ("ใส่ตัวหนังสือบนจอ\nคนปิดเสียงก็เข้าใจ", TEAL),
        ("ไม่ใช้เพลงติดลิขสิทธิ์", GREEN),
    ]
    for i, (s, col) in enumerate(tips):
        numbered(c, 378, 125 + i * 68, i + 1, col, 16)
        c.text((405, 125 + i * 68), s, 20, INK, anchor="lm")
    c.save(C / "images" / "short-video.png")


def c_boost_audience():
    c = Canvas("#EEF3FA")
    x0, y0, x1, y1 = 40, 25, 520, 475
    c.rect((x0, y0, x1, y1), fill=PAPER, r=18)
    c.text((x0 + 25, y0 + 35), "กลุ่มเป้าหมาย", 24, NAVY, bold=True, anchor="lm")
    # location
    c.circle(x0 + 45, y0 + 90, 11, fill=RED)
    c.poly([(x0 + 35, y0 + 95), (x0 + 55, y0 + 95), (x0 + 45, y0 + 112)], fill=RED)
    c.circle(x0 + 45, y0 + 90, 4, fill=PAPER)
    c.text((x0 + 70, y0 + 88), "พื้นที่: ขอนแก่น และรอบ ๆ 40 กม.", 18, INK, anchor="lm")
    # age slider
    c.text((x0 + 25, y0 + 140), "อายุ: 25–60 ปี", 18, INK, anchor="lm")
    sx0, sx1, sy = x0 + 30, x1 - 40, y0 + 180
    c.rect((sx0, sy - 3, sx1, sy + 3), fill=LIGHT, r=3)
    a0 = sx0 + (25 - 18) / (65 - 18) * (sx1 - sx0)
    a1 = sx0 + (60 - 18) / (65 - 18) * (sx1 - sx0)
    c.rect((a0, sy - 3, a1, sy + 3), fill=FB_BLUE, r=3)
    c.circle(a0, sy, 10, fill=FB_BLUE)
    c.circle(a1, sy, 10, fill=FB_BLUE)
    # interests
    c.text((x0 + 25, y0 + 220), "ความสนใจ:", 18, INK, anchor="lm")
    chips = ["ผ้าไทย", "งานหัตถกรรม", "ของฝาก"]
    cx = x0 + 25
    for s in chips:
        wdt = c.text_width(s, 16) + 28
        c.rect((cx, y0 + 245, cx + wdt, y0 + 280), fill="#E3EEFD", r=17)
        c.text((cx + wdt / 2, y0 + 262), s, 16, FB_BLUE, bold=True, anchor="mm")
        cx += wdt + 10
    c.line([(x0 + 20, y0 + 305), (x1 - 20, y0 + 305)], LIGHT, 2)
    c.text((x0 + 25, y0 + 335), "งบต่อวัน", 18, INK, anchor="lm")
    c.text((x1 - 25, y0 + 335), "100 บาท", 20, INK, bold=True, anchor="rm")
    c.text((x0 + 25, y0 + 370), "ระยะเวลา", 18, INK, anchor="lm")
    c.text((x1 - 25, y0 + 370), "5 วัน", 20, INK, bold=True, anchor="rm")
    c.rect((x0 + 15, y0 + 395, x1 - 15, y0 + 438), fill="#E4F6E9", r=10)
    c.text((x0 + 25, y0 + 417), "รวมทั้งหมด", 19, "#1E6B3A", bold=True, anchor="lm")
    c.text((x1 - 25, y0 + 417), "500 บาท", 22, "#1E6B3A", bold=True, anchor="rm")
    c.text((555, 110), "เลือกคน\nที่น่าจะซื้อจริง", 26, NAVY, bold=True)
    c.text((555, 230), "กำหนดงบ\nต่อวันและจำนวนวัน\nจ่ายไม่เกินที่ตั้งไว้", 19, INK)
    c.save(C / "images" / "boost-audience.png")


def c_results():
    c = Canvas()
    title_band(c, "อ่านผลโปรโมทโพสต์ (ตัวอย่าง 5 วัน)", size=26)
    tiles = [
        ("การเข้าถึง", "8,200 คน", BLUE),
        ("การมีส่วนร่วม", "640 ครั้ง", TEAL),
        ("ข้อความใหม่", "25 ข้อความ", ORANGE),
        ("ใช้เงินไป", "500 บาท", RED),
    ]
    for i, (name, value, col) in enumerate(tiles):
        x0 = 30 + i * 187
        c.rect((x0, 75, x0 + 175, 200), fill=PAPER, r=14)
        c.rect((x0, 75, x0 + 8, 200), fill=col)
        c.text((x0 + 22, 110), name, 17, GREY, anchor="lm")
        c.text((x0 + 22, 160), value, 23, INK, bold=True, anchor="lm")
    # bar chart of messages per day
    c.rect((30, 220, 470, 470), fill=PAPER, r=14)
    c.text((50, 245), "ข้อความใหม่ต่อวัน", 17, INK, bold=True, anchor="lm")
    vals = [3, 5, 6, 7, 4]
    for i, v in enumerate(vals):
        bx = 70 + i * 78
        c.rect((bx, 440 - v * 22, bx + 46, 440), fill=ORANGE, r=5)
        c.text((bx + 23, 430 - v * 22), str(v), 15, INK, bold=True, anchor="md")
        c.text((bx + 23, 455), f"วันที่ {i + 1}", 13, GREY, anchor="mm")
    c.rect((490, 220, 770, 470), fill="#FFF0D6", r=14)
    c.text((510, 255), "ต้นทุนต่อ 1 ข้อความ", 19, "#7A4A00", bold=True, anchor="lm")
    c.text((630, 310), "500 ÷ 25", 30, INK, bold=True, anchor="mm")
    c.text((630, 365), "= 20 บาท", 34, "#7A4A00", bold=True, anchor="mm")
    c.text((630, 425), "ยิ่งต่ำ ยิ่งคุ้ม", 18, INK, anchor="mm")
    c.save(C / "images" / "boost-results.png")


def c_live_stand():
    c = Canvas("#FBF3EA")
    # ring light behind the phone
    c.circle(210, 185, 120, outline="#FFE9A8", width=22)
    # tripod
    c.line([(210, 330), (210, 420)], INK, 8)
    c.line([(210, 420), (150, 485)], INK, 7)
    c.line([(210, 420), (270, 485)], INK, 7)
    c.line([(210, 420), (210, 490)], INK, 7)
    c.rect((195, 318, 225, 340), fill=INK, r=4)
    box = phone(c, 140, 60, 140, 262, screen="#1E2A3C")
    x0, y0, x1, y1 = box
    c.rect((x0 + 10, y0 + 12, x0 + 58, y0 + 36), fill=RED, r=5)
    c.text((x0 + 34, y0 + 24), "LIVE", 14, PAPER, bold=True, anchor="mm")
    c.text((x1 - 10, y0 + 24), "ผู้ชม 35", 12, PAPER, anchor="rm")
    cloth(c, x0 + 15, y0 + 80, x1 - x0 - 30, 70)
    bubble(c, (x0 + 8, y1 - 70, x1 - 8, y1 - 44), "#3A4A66", None, r=8)
    c.text((x0 + 16, y1 - 57), "CF A1 ค่ะ", 12, PAPER, anchor="lm")
    bubble(c, (x0 + 8, y1 - 38, x1 - 8, y1 - 12), "#3A4A66", None, r=8)
    c.text((x0 + 16, y1 - 25), "A2 ราคาเท่าไหร่", 12, PAPER, anchor="lm")
    # table with products and price tags
    c.rect((330, 380, 790, 400), fill="#A9743F")
    cloth(c, 350, 320, 120, 60)
    c.rect((360, 290, 440, 318), fill=PAPER, r=6)
    c.text((400, 304), "A1 350.-", 15, RED, bold=True, anchor="mm")
    cloth(c, 500, 330, 100, 50, base=TEAL, stripe="#8AD3C9")
    c.rect((505, 300, 585, 328), fill=PAPER, r=6)
    c.text((545, 314), "A2 290.-", 15, RED, bold=True, anchor="mm")
    jar(c, 680, 380, 60, 72, label="A3")
    # checklist
    c.text((350, 40), "ก่อนไลฟ์ เช็กให้ครบ", 26, NAVY, bold=True)
    for i, s in enumerate(
        ["ชาร์จแบตเต็ม + ขาตั้งมั่นคง", "Wi-Fi หรือเน็ตแรง", "แสงสว่างหน้าสินค้า", "ป้ายรหัสและราคาชัด", "มีคนช่วยตอบแชท"]
    ):
        check_badge(c, 365, 95 + i * 38, 13)
        c.text((388, 95 + i * 38), s, 18, INK, anchor="lm")
    c.save(C / "images" / "live-stand.png")


# --------------------------------------------------------------------------- main


def main() -> int:
    if not features.check("raqm"):
        print("Pillow was built without libraqm: Thai text would be shaped wrongly.", file=sys.stderr)
        return 1
    for path in (FONT_REGULAR, FONT_BOLD):
        if not path.exists():
            print(f"Missing font {path} (install fonts-thai-tlwg).", file=sys.stderr)
            return 1
    for draw in (
        a_cover,
        a_phone_buttons,
        a_gestures,
        a_wifi_data,
        a_official_store,
        a_add_friend,
        a_line_chat,
        a_fake_sms,
        a_otp_lock,
        b_cover,
        b_channels,
        b_photo_setup,
        b_photo_compare,
        b_price_card,
        b_promptpay,
        b_slip_check,
        b_parcel,
        b_reviews,
        c_cover,
        c_page_mockup,
        c_good_post,
        c_calendar,
        c_short_video,
        c_boost_audience,
        c_results,
        c_live_stand,
    ):
        draw()
    return 0


if __name__ == "__main__":
    sys.exit(main())
