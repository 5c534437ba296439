"""Bar charts: a scale with round numbers, bars in proportion, the data written out for the table."""
import pytest

from coopdec.observatory.charts import horizontal_bar_chart, nice_maximum, tick_values


def test_the_scale_ends_on_a_round_number():
    assert [nice_maximum(v) for v in (0, 1, 2, 3, 7, 11, 76, 158)] == [1, 1, 2, 5, 10, 20, 100, 200]
    assert tick_values(10) == [0, 2, 4, 6, 8, 10]
    assert tick_values(20) == [0, 5, 10, 15, 20]
    assert tick_values(200) == [0, 50, 100, 150, 200]
    assert tick_values(2) == [0, 1, 2]


def test_bars_are_in_proportion_and_unknown_values_have_none():
    chart = horizontal_bar_chart(
        id="g", title="Dossiers par campagne", categories=["2024", "2025"],
        series=[("Reçus (publié)", [113, 158]), ("Retenus (publié)", [76, None])],
    )
    received_2024, retained_2024, received_2025, retained_2025 = chart.bars
    assert received_2025.width / received_2024.width == pytest.approx(158 / 113, abs=0.01)
    assert retained_2025.width == 0 and retained_2025.text == "—"
    assert [b.series for b in chart.bars] == [0, 1, 0, 1]
    assert chart.table_rows == [("2024", ["113", "76"]), ("2025", ["158", "—"])]
    assert chart.legend == [(0, "Reçus (publié)"), (1, "Retenus (publié)")]
    assert [t.text for t in chart.ticks] == ["0", "50", "100", "150", "200"]
    assert chart.ticks[-1].x == chart.plot_left + 380


def test_the_description_says_what_a_reader_cannot_see():
    chart = horizontal_bar_chart(id="g", title="Lauréats par région", categories=["Bretagne", "Occitanie"],
                                 series=[("Lauréats", [2, 1])])
    assert chart.description == (
        "Lauréats par région. Diagramme en barres horizontales\u00a0: 2 lignes\u00a0; valeur la plus élevée "
        "(Lauréats)\u00a0: Bretagne, 2. Les données figurent dans le tableau qui accompagne le graphique."
    )
    assert chart.legend == []


def test_long_names_are_cut_in_the_chart_not_in_the_table():
    name = "Patrimoine et coopération décentralisée 2024-2026"
    chart = horizontal_bar_chart(id="g", title="t", categories=[name], series=[("n", [3])])
    assert chart.labels[0].text == "Patrimoine et coopération décentr…"
    assert chart.table_rows[0][0] == name


def test_nothing_to_draw():
    chart = horizontal_bar_chart(id="g", title="t", categories=["a"], series=[("n", [0])])
    assert chart.bars[0].width == 0 and [t.text for t in chart.ticks] == ["0", "1"]
