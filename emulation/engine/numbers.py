"""Numbers written the Vietnamese way: the one number formatter, pure (no Flask, no locale lookup).

``vn_number`` writes 1234,5 (decimal comma); ``format_number`` is the general form every presentation
uses: at most (or, ``fixed``, exactly) `digits` decimals rounded half to even, an optional mark between
thousands, and the decimal and thousands marks of Vietnamese unless others are given.
``emulation.i18n.format_number`` is its locale-aware wrapper for pages (the user's language's marks);
the title reasons, the workbook and the terminal table call it directly.

A float is taken at its exact binary value (as Python's ``f"{x:.2f}"`` rounds it); pass
``Decimal(str(x))`` to round the shortest decimal that prints as `x` instead (as the pages do).
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction

VN_DECIMAL_MARK = ","
VN_THOUSANDS_MARK = "."


def format_number(value: int | float | Decimal, digits: int = 2, *, fixed: bool = False, grouped: bool = False,
                  decimal_mark: str = VN_DECIMAL_MARK, thousands_mark: str = VN_THOUSANDS_MARK) -> str:
    """Return `value` with at most `digits` decimals (exactly `digits` when `fixed`), Vietnamese marks.

    A negative value keeps its sign even when it rounds to zero (-0); a float that is not finite is
    written as Python writes it (nan, inf).
    """
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    number = value if isinstance(value, Decimal) else Decimal(value)
    with localcontext() as context:
        context.prec = 400          # every finite float, whole digits and decimals, fits
        rounded = abs(number).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_EVEN)
    whole, _, decimals = f"{rounded:f}".partition(".")
    if not fixed:
        decimals = decimals.rstrip("0")
    if grouped:
        whole = _group(whole, thousands_mark)
    return ("-" if number.is_signed() else "") + whole + (decimal_mark + decimals if decimals else "")


def _group(whole: str, mark: str) -> str:
    head = len(whole) % 3 or 3
    return mark.join([whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)])


def vn_number(value: int | float | Decimal, decimals: int = 1) -> str:
    """Format a number the Vietnamese way (decimal comma), without a useless ',0'."""
    return format_number(value, decimals)


def vn_percent(share: float | Fraction) -> str:
    """Format a share (0..1) as a percentage with one decimal, e.g. '66,7%'."""
    return f"{vn_number(float(share) * 100, 1)}%"
