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


def test_a_negative_zero_and_a_zero_each_print_as_themselves_in_either_order(app):
    """-0.0 == 0.0, yet a deduction rounding to zero prints "-0" (engine.numbers): one must not be served as the
    other, whichever was formatted first."""
    for first, second in ((-0.0, 0.0), (0.0, -0.0), (Decimal("-0"), Decimal("0")), (Decimal("0.0"), Decimal("-0.0"))):
        with app.test_request_context("/?lang=vi"):
            shown = [format_number(first), format_number(second)]
        assert shown == [("-0" if str(v).startswith("-") else "0") for v in (first, second)]
        assert number_formatter("en")(second) == shown[1] and number_formatter("en")(first) == shown[0]
