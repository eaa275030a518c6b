#!/usr/bin/env python3
"""Draws the Teams app icons (run once; the PNGs are committed): color.png 192x192 full colour,
outline.png 32x32 white on transparent. Standard library only."""
import struct
import zlib


def png(path, size, pixel):
    ss = 4  # supersampling for smooth edges
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(ss):
                for sx in range(ss):
                    r, g, b, a = pixel((x + (sx + 0.5) / ss) / size, (y + (sy + 0.5) / ss) / size)
                    acc[0] += r * a; acc[1] += g * a; acc[2] += b * a; acc[3] += a
            n = ss * ss
            alpha = acc[3] / n
            rgb = [round(c / acc[3]) if acc[3] else 0 for c in acc[:3]]
            row += bytes(rgb + [round(alpha)])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)

    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n')
        f.write(chunk(b'IHDR', struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)))
        f.write(chunk(b'IDAT', zlib.compress(b''.join(rows), 9)))
        f.write(chunk(b'IEND', b''))


def in_round_rect(u, v, x0, y0, x1, y1, r):
    cx = min(max(u, x0 + r), x1 - r)
    cy = min(max(v, y0 + r), y1 - r)
    return (u - cx) ** 2 + (v - cy) ** 2 <= r * r and x0 <= u <= x1 and y0 <= v <= y1


def in_tail(u, v):
    # speech-bubble tail under the bubble's lower left
    return 0.70 <= v <= 0.84 and 0.26 <= u <= 0.26 + (0.84 - v) * 1.1


def on_trend(u, v, width):
    # rising line: the health trend the bot reports on
    points = [(0.30, 0.56), (0.44, 0.44), (0.54, 0.52), (0.70, 0.34)]
    for (ax, ay), (bx, by) in zip(points, points[1:]):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)))
        if (u - ax - t * dx) ** 2 + (v - ay - t * dy) ** 2 <= width * width:
            return True
    return False


NAVY = (43, 58, 103, 255)
WHITE = (255, 255, 255, 255)
GOLD = (242, 193, 78, 255)
CLEAR = (0, 0, 0, 0)


def color(u, v):
    if on_trend(u, v, 0.035):
        return GOLD
    if in_round_rect(u, v, 0.18, 0.22, 0.82, 0.72, 0.08) or in_tail(u, v):
        return WHITE
    return NAVY


def outline(u, v):
    outer = in_round_rect(u, v, 0.06, 0.12, 0.94, 0.74, 0.12) or (0.70 <= v <= 0.92 and 0.16 <= u <= 0.16 + (0.92 - v) * 1.3)
    inner = in_round_rect(u, v, 0.15, 0.21, 0.85, 0.65, 0.06)
    if on_trend(u, v, 0.05) or (outer and not inner):
        return WHITE
    return CLEAR


png('color.png', 192, color)
png('outline.png', 32, outline)
