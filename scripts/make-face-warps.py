#!/usr/bin/env python3
"""Makes the flat-picture attack fixtures: obama_2.jpg printed and held to a camera, turned and tilted in perspective
(a pinhole camera 1.5 picture-widths away) or stretched, so that its landmarks fake each movement while it stays one
plane. Written to Tests/MinshengFaceTests/Fixtures/warped/ (long side 640 px, JPEG quality 90); the same script builds
the browser test's fake-camera video. Needs Pillow (in the repository's .venv: scripts/setup.sh --test).
Usage: scripts/make-face-warps.py [SOURCE] [DEST]"""
import math
import os
import sys

from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name: (yaw degrees, pitch degrees, vertical stretch) — what each picture pretends to be.
WARPS = {
    "still_1.jpg": (3, 0, 1.0),        # frontal, each a little different so that no two frames are the same picture
    "still_2.jpg": (-3, 0, 1.0),
    "still_3.jpg": (0, 4, 1.0),
    "still_4.jpg": (0, -4, 1.0),
    "turn_left.jpg": (40, 0, 1.0),     # the picture turned about its vertical axis: the landmarks read a left turn
    "turn_right.jpg": (-40, 0, 1.0),
    "raise_head.jpg": (0, -40, 1.0),   # tilted back: the nose seems to rise towards the eyes
    "lower_head.jpg": (0, 0, 1.35),     # stretched upright: the nose seems to drop
}


def solve(a, b):
    n = len(a)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def perspective_coefficients(src, dst):
    """Pillow's PERSPECTIVE data: the map from output points (dst) back to input points (src)."""
    a, b = [], []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        b.append(u)
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b.append(v)
    return solve(a, b)


def moved_corners(w, h, yaw, pitch, stretch, distance=1.5):
    """Where a flat w×h picture's corners land when it is turned (yaw) and tilted (pitch) in front of a pinhole
    camera `distance` picture-widths away, and stretched vertically about its centre."""
    d = distance * w
    cx, cy = w / 2, h / 2
    ay, ap = math.radians(yaw), math.radians(pitch)
    out = []
    for x, y in [(0, 0), (w, 0), (w, h), (0, h)]:
        X, Y, Z = x - cx, (y - cy) * stretch, 0.0
        X, Z = X * math.cos(ay) + Z * math.sin(ay), -X * math.sin(ay) + Z * math.cos(ay)
        Y, Z = Y * math.cos(ap) - Z * math.sin(ap), Y * math.sin(ap) + Z * math.cos(ap)
        s = d / (d + Z)
        out.append((cx + X * s, cy + Y * s))
    return out


def warp(image, yaw, pitch, stretch):
    w, h = image.size
    data = perspective_coefficients([(0, 0), (w, 0), (w, h), (0, h)], moved_corners(w, h, yaw, pitch, stretch))
    return image.transform((w, h), Image.PERSPECTIVE, data, Image.BICUBIC, fillcolor=(128, 128, 128))


def fit(image, side=640):
    scale = side / max(image.size)
    return image.resize((round(image.size[0] * scale), round(image.size[1] * scale)), Image.LANCZOS) if scale < 1 else image


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests", "MinshengFaceTests", "Fixtures", "obama_2.jpg")
    dest = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "Tests", "MinshengFaceTests", "Fixtures", "warped")
    os.makedirs(dest, exist_ok=True)
    image = Image.open(source).convert("RGB")
    for name, (yaw, pitch, stretch) in WARPS.items():
        fit(warp(image, yaw, pitch, stretch)).save(os.path.join(dest, name), quality=90)
        print(os.path.join(dest, name))


if __name__ == "__main__":
    main()
