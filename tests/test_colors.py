"""Highlight colours stay distinguishable where annotators see them: at Label Studio's opacity.

Label Studio 1.23.2 paints a text region in its label's colour at alpha 0.3 over the white
page (``LABEL_COLOR_ALPHA`` in its HighlightMixin). Every pair of label colours, blended like
that, must differ by a CIEDE2000 colour difference of at least 12 (about 5 is "clearly
different at a glance"; the old palette had PER vs CLAIM at 8.2 and EVENT vs FAC at 5.4).
CIEDE2000 is implemented here from Sharma, Wu and Dalal (2005) and checked against their
published test pairs, so the check does not depend on the code under test.
"""

from __future__ import annotations

import itertools
import math

import pytest

from annot.schema.taxonomy import ENTITY_LABELS, QUOTE_LAYER_LABELS

LABEL_STUDIO_ALPHA = 0.3
MIN_DELTA_E = 12.0

Lab = tuple[float, float, float]


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    assert len(value) == 6, color
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def blend_on_white(color: str, alpha: float = LABEL_STUDIO_ALPHA) -> tuple[float, float, float]:
    return tuple(alpha * c + (1 - alpha) * 255 for c in hex_to_rgb(color))  # type: ignore[return-value]


def srgb_to_lab(rgb: tuple[float, float, float]) -> Lab:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047  # D65 white
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e_2000(lab1: Lab, lab2: Lab) -> float:
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dl, dc = l2 - l1, c2p - c1p
    dh = 0.0
    if c1p * c2p:
        dh = h2p - h1p
        dh = dh - 360 if dh > 180 else dh + 360 if dh < -180 else dh
    d_big_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dh / 2))
    l_mean, cp_mean = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        h_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        h_mean = (h1p + h2p) / 2
    else:
        h_mean = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    d_theta = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt(
        (dl / s_l) ** 2
        + (dc / s_c) ** 2
        + (d_big_h / s_h) ** 2
        + r_t * (dc / s_c) * (d_big_h / s_h)
    )


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # Sharma, Wu and Dalal (2005), table 1: pairs 1, 7, 17 and 18
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1: Lab, lab2: Lab, expected: float) -> None:
    assert delta_e_2000(lab1, lab2) == pytest.approx(expected, abs=1e-4)


HIGHLIGHTS = {
    info.name: info.color for info in [*ENTITY_LABELS.values(), *QUOTE_LAYER_LABELS.values()]
}


def test_every_pair_of_highlights_is_distinguishable_at_label_studio_opacity() -> None:
    labs = {name: srgb_to_lab(blend_on_white(color)) for name, color in HIGHLIGHTS.items()}
    too_close = [
        (a, b, round(delta_e_2000(labs[a], labs[b]), 1))
        for a, b in itertools.combinations(labs, 2)
        if delta_e_2000(labs[a], labs[b]) < MIN_DELTA_E
    ]
    assert too_close == []
    # the pair the issue named
    assert delta_e_2000(labs["PER"], labs["CLAIM"]) > MIN_DELTA_E


def test_every_highlight_is_visible_on_the_white_page() -> None:
    white = srgb_to_lab((255.0, 255.0, 255.0))
    faint = {
        name: round(delta_e_2000(white, srgb_to_lab(blend_on_white(color))), 1)
        for name, color in HIGHLIGHTS.items()
        if delta_e_2000(white, srgb_to_lab(blend_on_white(color))) < 10
    }
    assert faint == {}
