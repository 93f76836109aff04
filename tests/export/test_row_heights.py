"""A row's height: as many lines as its most wrapped text takes, counted word by word as LibreOffice wraps it."""
import random

import pytest

from emulation.export.workbook import _counted_lines, _part_lines, _wrapped_lines

REASON = ("• Thời gian công tác trong năm: Thời gian công tác tính đến 15/12/2025: 11 tháng (tuyển dụng "
          "24/08/1998) ≥ 6 tháng (đạt)")


@pytest.mark.parametrize("text,width,lines", [
    (REASON, 60, 2), (REASON, 30, 4), (REASON, 200, 1), ("a " * 40 + "b", 10, 9),
    ("x" * 150, 60, 3),                                 # one word longer than the column breaks inside it
    ("ngắn " + "y" * 80 + " ngắn", 60, 3), ("a\tb  c\u00a0d " + "e " * 60, 20, 6),
])
def test_a_line_takes_the_lines_its_words_take_one_after_the_other(text, width, lines):
    assert _wrapped_lines(text, width) == lines
    assert _wrapped_lines(f"{text}\n{text}", width) == 2 * lines


def test_words_joined_by_single_spaces_are_counted_as_word_by_word():
    """The count from a line's spaces (words joined by single spaces) is the word-by-word count, for any line and
    width: other whitespace, double spaces and words longer than the column among them."""
    draw = random.Random(18)
    words = ["a", "bb", "tháng", "15/12/2025:", "(đạt)", "•", "≥", "x" * 40, "y" * 75]
    spaces = [" ", " ", " ", "  ", "\t", "\u00a0", "\u2009", "\x1f"]
    for _ in range(20_000):
        text = "".join(draw.choice(words) + draw.choice(spaces) for _ in range(draw.randint(1, 30)))
        text = text.strip() if draw.random() < 0.7 else text
        width = draw.choice([1.0, 5.75, 10.0, 33.5, 51.9, 68.0, 68.99, 12.000000000000002])
        assert _part_lines.__wrapped__(text, width) == _counted_lines(text, width), (text, width)
