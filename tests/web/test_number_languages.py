"""Numbers on pages follow the viewer's language, whichever language formatted the same number before."""
from decimal import Decimal

from emulation.i18n import format_number, input_number, number_formatter


def test_the_same_number_reads_in_each_language_in_turn(app):
    for _ in range(2):      # the second round formats numbers each language has formatted already
        with app.test_request_context("/?lang=en"):
            assert (format_number(1234.5), input_number(1234.5)) == ("1,234.5", "1234.5")
        with app.test_request_context("/?lang=vi"):
            assert (format_number(1234.5), input_number(1234.5)) == ("1.234,5", "1234,5")
    assert number_formatter("en")(1234.5) == "1,234.5" and number_formatter("vi")(1234.5) == "1.234,5"


def test_equal_numbers_of_other_types_keep_their_own_rounding(app):
    with app.test_request_context("/?lang=en"):
        # 2.675 is stored as a float just below 2.675; the page rounds the decimal it prints as, as before.
        assert [format_number(v) for v in (2.675, Decimal("2.675"), 1, 1.0, None)] == ["2.68", "2.68", "1", "1", ""]
        assert format_number(float("nan")) == "nan"
