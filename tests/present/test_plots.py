"""A chart in a report: an SVG image at its printed size with a text alternative, the same
bytes for the same figure (a report made twice does not differ), nothing active in it."""

from __future__ import annotations

import base64
import re

import matplotlib.pyplot as plt

from finsam_analysis.present import plots


def figure(width: float = 6.0) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(width, 2.5))
    ax.plot([0, 1, 2], [3, 1, 2], label="Kvinnor")
    ax.set_title("Positivt utfall − åäö")
    ax.legend()
    return fig


def test_a_chart_is_an_svg_image_at_its_printed_width_with_its_title_as_alt():
    chart = plots.Chart(figure(6.0))
    html = chart._repr_html_()
    data = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    svg = base64.b64decode(data)
    assert svg == chart.svg and svg.lstrip().startswith(b"<?xml") and b"<svg" in svg
    # 96 CSS pixels an inch; the tight box is a little narrower or wider than the figure
    assert 0.8 * 6.0 * 96 < chart.width < 1.1 * 6.0 * 96
    assert f'width="{chart.width}"' in html and 'alt="Positivt utfall − åäö"' in html
    wider = plots.Chart(figure(8.0))
    assert wider.width > chart.width


def test_the_same_figure_gives_the_same_bytes_and_nothing_active():
    a, b = plots.Chart(figure()).svg, plots.Chart(figure()).svg
    assert a == b
    assert b"<script" not in a and b"<text" not in a  # text drawn as paths, no fonts needed
    assert not re.search(rb'(?:href|src)="(?:https?:)?//', a)


def test_no_figure_is_one_sentence_and_the_figure_is_closed():
    fig = figure()
    plots.Chart(fig)
    assert not plt.fignum_exists(fig.number)
    empty = plots.Chart(message="För få svar för ett diagram.")
    assert empty.svg is None and "För få svar" in empty._repr_html_()
    assert repr(empty) == "För få svar för ett diagram."
