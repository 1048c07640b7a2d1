"""The grids' behaviour without Qt: typing, refusing, clearing, copying, pasting, undo."""

from __future__ import annotations

from decimal import Decimal

import pytest

from focusdesk.document.editing import EditHistory
from focusdesk.form.catalog import MONTHS
from focusdesk.formats.jsonio import workbook_from_json
from focusdesk.model.workbook import Workbook
from focusdesk.tables.grid import EditError, ScheduleAGrid, ScheduleBGrid

D = Decimal


@pytest.fixture
def wb() -> Workbook:
    return workbook_from_json({"months": {"JAN": {"items": {"3501": "1000000"}}}})


def col(month: str) -> int:
    return MONTHS.index(month)


@pytest.mark.parametrize("text, value", [
    ("1,234", D("1234")), ("(1,234)", D("-1234")), ("-1234", D("-1234")),
    ("1234.56", D("1234.56")), ("  $12 ", D("12")),
])
def test_typing_accepts_what_excel_users_type(wb, text, value):
    grid = ScheduleAGrid(wb)
    row = grid.row_of("3950")
    grid.set_text(row, col("JAN"), text)
    assert wb.value("JAN", "3950") == value


@pytest.mark.parametrize("text", ["abc", "1.2.3", "12,34", "1e5", "((1))", "1.234"])
def test_typing_refuses_anything_else_and_stores_nothing(wb, text):
    grid = ScheduleAGrid(wb)
    row = grid.row_of("3950")
    with pytest.raises(EditError, match="line 5a, JAN"):
        grid.set_text(row, col("JAN"), text)
    assert wb.value("JAN", "3950") is None
    assert not grid.history.can_undo


def test_computed_and_caption_cells_are_not_editable(wb):
    grid = ScheduleAGrid(wb)
    assert not grid.editable(grid.row_of("3750"), 0)
    caption = next(i for i, item in enumerate(grid.rows) if item.code is None)
    assert not grid.editable(caption, 0)
    with pytest.raises(EditError, match="computed"):
        grid.set_text(grid.row_of("3750"), 0, "5")


def test_captions_and_line_10s_blank_columns_say_why_they_take_no_entry(wb):
    grid = ScheduleAGrid(wb)
    caption = next(i for i, item in enumerate(grid.rows) if item.code is None)
    with pytest.raises(EditError, match="caption of the form"):
        grid.parse(caption, 0, "5")
    b = ScheduleBGrid(wb, month="MAR")
    q = next(i for i, line in enumerate(b.lines) if line.key == "10")
    with pytest.raises(EditError, match="answered Yes or No in column I"):
        b.parse(q, 2, "5")


def test_a_count_of_items_is_typed_as_a_whole_number(wb):
    a = ScheduleAGrid(wb)
    tickets = a.row_of("4980")  # line 33, total tickets: a count
    with pytest.raises(EditError, match=r"line 33, JAN: '2\.5' is not a whole number"):
        a.set_text(tickets, col("JAN"), "2.5")
    with pytest.raises(EditError, match="not a whole number"):
        a.paste(tickets, col("JAN"), "3\t2.5\r\n")
    a.set_text(tickets, col("JAN"), "1,200")
    assert wb.value("JAN", "4980") == D(1200)
    b = ScheduleBGrid(wb, month="MAR")
    row1 = next(i for i, line in enumerate(b.lines) if line.key == "1")
    with pytest.raises(EditError, match=r"column I, MAR: '2\.5' is not a whole number"):
        b.set_text(row1, 0, "2.5")
    b.set_text(row1, 0, "3")
    b.set_text(row1, 1, "2.50")  # column II is dollars and cents
    assert wb.b_value("MAR", "1", "I") == D(3) and wb.b_value("MAR", "1", "II") == D("2.5")


def test_display_in_thousands_and_dollars_with_parentheses(wb):
    grid = ScheduleAGrid(wb)
    grid.set_text(grid.row_of("3950"), 0, "-12,600")
    assert grid.cell(grid.row_of("3950"), 0).text == "(13)"
    assert grid.cell(grid.row_of("3950"), 0).negative
    grid.units = "dollars"
    grid.invalidate()
    assert grid.cell(grid.row_of("3950"), 0).text == "(12,600.00)"
    # A month not reported is blank, a count is unscaled, an N/A ratio says so.
    assert grid.cell(grid.row_of("3750"), col("FEB")).text == ""
    grid.set_text(grid.row_of("4980"), 0, "18,240")
    grid.units = "thousands"
    grid.invalidate()
    assert grid.cell(grid.row_of("4980"), 0).text == "18,240"
    grid.set_text(grid.row_of("3740"), 0, "5,000,000")  # net capital negative
    assert grid.cell(grid.row_of("3850"), 0).text == "N/A"


def test_enter_recomputes_the_totals(wb):
    grid = ScheduleAGrid(wb, units="dollars")
    nc = grid.row_of("3750")
    assert grid.cell(nc, 0).text == "1,000,000.00"
    grid.set_text(grid.row_of("4201"), 0, "250,000")  # expenses, subtracted
    assert grid.cell(nc, 0).text == "750,000.00"


def test_paste_a_block_from_excel(wb):
    grid = ScheduleAGrid(wb)
    r = grid.row_of("3950")  # 5a, 5b, 5c, 5d are consecutive rows
    step = grid.paste(r, col("JAN"), "1,000\t2,000\r\n(500)\t\r\n300\t400\r\n")
    assert step is not None
    assert wb.value("JAN", "3950") == D(1000) and wb.value("FEB", "3950") == D(2000)
    assert wb.value("JAN", "4212") == D(-500) and wb.value("FEB", "4212") is None
    assert wb.value("JAN", "4201") == D(300) and wb.value("FEB", "4201") == D(400)
    assert wb.items["JAN"]["3950"].source == "pasted"
    grid.history.undo()
    assert wb.value("JAN", "3950") is None and wb.value("FEB", "4201") is None


def test_paste_with_one_bad_cell_pastes_nothing_and_names_it(wb):
    grid = ScheduleAGrid(wb)
    r = grid.row_of("3950")
    with pytest.raises(EditError, match=r"line 5c, FEB.*'x12'"):
        grid.paste(r, col("JAN"), "1\t2\n3\t4\n5\tx12\n")
    assert all(wb.value(m, c) is None for m in ("JAN", "FEB")
               for c in ("3950", "4212", "4201"))
    assert not grid.history.can_undo


def test_paste_skips_computed_and_caption_cells_with_one_note(wb):
    grid = ScheduleAGrid(wb)
    # 5d, then 6 (computed), 7 (a caption) and 7a: the block lands, the two are skipped
    pasted = grid.paste_block(grid.row_of("4221"), 0, "1\n2\n3\n4\n")
    assert wb.value("JAN", "4221") == D(1) and wb.value("JAN", "4264") == D(4)
    assert pasted.skipped == 2
    assert pasted.note == ("Pasted 2 cells; 2 cells of computed or caption lines skipped "
                           "(they take no entry).")
    only_computed = grid.paste_block(grid.row_of("4250"), 0, "9\n")
    assert only_computed.step is None and only_computed.note.startswith("Nothing pasted; 1 ")
    again = grid.paste_block(grid.row_of("4221"), 0, "1\n")
    assert again.step is None and again.note == (
        "Nothing changed: the cells already held what was pasted.")


def test_paste_past_the_edge_is_refused(wb):
    grid = ScheduleAGrid(wb)
    with pytest.raises(EditError, match="does not fit"):
        grid.paste(grid.row_of("3950"), col("DEC"), "1\t2\n")


def test_copy_gives_what_the_cells_show_and_the_exact_dollars_that_paste_back(wb):
    grid = ScheduleAGrid(wb)  # the $000 view
    r = grid.row_of("3950")
    grid.paste(r, 0, "1,234.56\t(700)\n")
    grid.paste(grid.row_of("4250"), 0, "\n")  # nothing: line 6 is computed
    block = grid.copy_block(r, 0, grid.row_of("4250"), 1)
    # Other programs get what the cells show, in thousands, entered and computed alike
    shown = f"{grid.cell(r, 0).text}\t{grid.cell(r, 1).text}"
    # (FEB's -700 prints (0): the $000 view rounds it up so that line 8 foots)
    assert block.text.splitlines()[0] == shown == "1\t(0)"
    assert grid.copy(r, 0, r, 1) == shown + "\r\n"
    # FocusDesk's own paste gets the dollars exactly
    assert block.dollars.splitlines()[0] == "1234.56\t-700"
    other = workbook_from_json({"months": {"JAN": {"items": {"3501": "1"}}}})
    g2 = ScheduleAGrid(other)
    g2.paste(r, 0, block.dollars, exact=True)
    assert other.value("JAN", "3950") == D("1234.56") and other.value("FEB", "3950") == D(-700)
    assert other.value("JAN", "4212") is None  # 5b was blank in the copied block
    grid.units = "dollars"
    assert grid.copy(r, 0, r, 1) == "1,234.56\t(700.00)\r\n"


def test_delete_clears_and_undo_restores_with_provenance(wb):
    grid = ScheduleAGrid(wb)
    r = grid.row_of("3950")
    grid.paste(r, 0, "10\t20\n")
    grid.clear([(r, 0), (r, 1), (grid.row_of("3750"), 0)])  # computed cell ignored
    assert wb.value("JAN", "3950") is None and wb.value("FEB", "3950") is None
    grid.history.undo()
    assert wb.items["JAN"]["3950"].value == D(10)
    assert wb.items["JAN"]["3950"].source == "pasted"
    grid.history.redo()
    assert wb.value("FEB", "3950") is None


def test_history_tracks_modified_state(wb):
    history = EditHistory(wb)
    grid = ScheduleAGrid(wb, history)
    assert not history.modified
    grid.set_text(grid.row_of("3950"), 0, "1")
    assert history.modified
    history.mark_clean()
    assert not history.modified
    history.undo()
    assert history.modified
    grid.set_text(grid.row_of("3950"), 0, "2")  # the saved state is now unreachable
    history.undo()
    assert history.modified


def test_schedule_b_grid_single_month_and_all_months(wb):
    grid = ScheduleBGrid(wb, month="MAR")
    assert grid.column_count() == 4
    row1 = next(i for i, b in enumerate(grid.lines) if b.key == "1")
    grid.set_text(row1, 3, "12,345")  # column IV
    total8 = next(i for i, b in enumerate(grid.lines) if b.key == "8")
    assert grid.cell(total8, 3).text == "12,345"
    assert grid.cell(total8, 3).computed and not grid.editable(total8, 3)
    q = next(i for i, b in enumerate(grid.lines) if b.key == "10")
    grid.set_text(q, 0, "yes")
    assert wb.schedule_b_answer["MAR"] is True
    with pytest.raises(EditError, match="not Yes or No"):
        grid.set_text(q, 0, "maybe")
    both = ScheduleBGrid(wb, month=None)
    assert both.column_count() == 48
    assert both.column_header(4 * 2 + 3) == "MAR IV"
    assert both.cell(total8, 4 * 2 + 3).text == "12,345"
    # Schedule B line 8 column IV is Schedule A line 12.
    a = ScheduleAGrid(wb, units="dollars")
    assert a.cell(a.row_of("3575"), col("MAR")).text == "12,345.00"


def test_both_schedules_share_one_computation_per_change(wb, monkeypatch):
    """An edit recomputes the year once per unit, however many grids show it."""
    import focusdesk.tables.computations as computations_module

    calls: list[str] = []
    real = computations_module.compute

    def counted(wb, units="dollars", **kw):
        calls.append(units)
        return real(wb, units, **kw)

    monkeypatch.setattr(computations_module, "compute", counted)
    history = EditHistory(wb)
    a = ScheduleAGrid(wb, history)
    b = ScheduleBGrid(wb, history, "JAN", computations=a.computations)

    def show_everything() -> None:  # what a repaint and the status bar ask for
        a.computation(), b.computation(), a.computation("dollars"), a.computation()

    show_everything()
    assert sorted(calls) == ["dollars", "thousands"]
    calls.clear()
    a.set_text(a.row_of("3950"), 0, "12,600")
    show_everything()
    b.cell(0, 0), a.cell(a.row_of("3500"), 0)
    show_everything()
    assert sorted(calls) == ["dollars", "thousands"]
    assert b.computation() is a.computation("dollars")
    # Another month on Schedule B, or the other units: the cells are redrawn, the year
    # is not computed again.
    calls.clear()
    b.month = "FEB"
    b.forget_cells(), a.forget_cells()
    show_everything()
    assert calls == []


# -- the $000 view: a deficiency under $500, rounding notes -------------------------------

def _deficient_grid(line4: str) -> tuple[ScheduleAGrid, Workbook]:
    wb = workbook_from_json({"minimum_dollar": "250000", "months": {"JAN": {"items": {
        "3501": line4, "3550": "400", "3540": "400", "3600": "400", "3612": "400"}}}})
    return ScheduleAGrid(wb), wb


def test_thousands_grid_shows_a_deficiency_under_500_in_brackets_and_repaints_it():
    grid, _ = _deficient_grid("251600.01")  # net capital 250,000.01: an excess of 0.01
    excess = grid.row_of("3770")
    assert grid.cell(excess, 0).text == "0" and not grid.cell(excess, 0).negative
    old = grid.computation()
    grid.set_text(grid.row_of("3501"), 0, "251,599.99")  # now 0.01 short
    assert grid.cell(excess, 0).text == "(0)" and grid.cell(excess, 0).negative
    assert (excess, 0) in grid.changed_cells(old, grid.computation())
    grid.units = "dollars"
    assert grid.cell(excess, 0).text == "(0.01)"


def test_thousands_grid_tooltips_say_how_a_figure_was_rounded():
    grid, wb = _deficient_grid("250000")  # the example: 16 prints 2, from 1,600
    parts = [grid.cell(grid.row_of(code), 0) for code in ("3550", "3540", "3600", "3612")]
    assert [p.text for p in parts] == ["1", "1", "0", "0"]
    assert parts[0].rounding.startswith("400.00 dollars, rounded up to 1 ($000) so that "
                                        "the totals foot")
    assert parts[2].rounding == ""  # 400 → 0 is its own rounding
    # the tool-tip: where the value came from, then its rounding (which does not colour
    # the cell as imported)
    assert parts[0].tip == f"Loaded from JSON\n{parts[0].rounding}"
    # A total of key figures that cannot foot: its note is the tool-tip.
    wb.set_item("JAN", "3501", D(250_600))
    for code in ("3550", "3540", "3600", "3612"):
        wb.set_item("JAN", code, None)
    wb.set_item("JAN", "3840", D(3_756_000))
    grid.invalidate()
    note = grid.cell(grid.row_of("3770"), 0)
    assert note.text == "0"
    assert note.rounding.startswith("Line 25c carries a rounding difference of 1")
    grid.units = "dollars"
    assert grid.cell(grid.row_of("3770"), 0).rounding == ""
