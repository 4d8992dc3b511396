"""Vietnamese number reading: thousands dots, decimal commas, and refusing to guess."""
import pytest

from cchc_analysis.errors import AmbiguousNumberError
from cchc_analysis.numbers import extract_numbers, parse_number, parse_pair, parse_quantity


@pytest.mark.parametrize(
    "text, expected",
    [
        ("232.636", 232636),
        ("98,7%", 98.7),
        ("60 %", 60),
        ("1.561", 1561),  # never 1.561
        ("09", 9),  # leading zero as printed in "giảm 09 biên chế"
        ("1.233", 1233),
        ("13,86%", 13.86),
        ("100%", 100),
        ("1.234.567,25", 1234567.25),
        ("0,5", 0.5),
    ],
)
def test_parse_number_reads_the_vietnamese_way(text, expected):
    value = parse_number(text)
    assert value == pytest.approx(expected)
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("31.752,8 ha", (31752.8, "ha")),
        ("17.281,5 tỷ đồng", (17281.5, "tỷ đồng")),
        ("155.400 người", (155400, "người")),
        ("98,7 %", (98.7, "%")),
    ],
)
def test_parse_quantity_keeps_the_unit(text, expected):
    q = parse_quantity(text)
    assert q.value == pytest.approx(expected[0])
    assert q.unit == expected[1]


def test_parse_pair():
    assert parse_pair("1.573/1670") == (1573, 1670)
    assert parse_pair("80/88") == (80, 88)
    with pytest.raises(AmbiguousNumberError, match="exactly one '/'"):
        parse_pair("1/2/3")


@pytest.mark.parametrize(
    "text, reason",
    [
        ("1.5", "exactly three digits"),  # English decimal or a typo: do not guess
        ("12.34", "exactly three digits"),
        ("1.2345", "exactly three digits"),
        ("1,234.5", "English style"),
        ("1,2,3", "English style"),
        ("abc", "not a numeral"),
        ("", "not a numeral"),
    ],
)
def test_ambiguous_numbers_raise(text, reason):
    with pytest.raises(AmbiguousNumberError, match=reason):
        parse_number(text)


def test_extract_numbers_from_a_sentence():
    text = "Năm 2015 huyện được giao 1.710 người, năm 2021 giao 1.670 người; còn 1.573/1670, đạt 13,86%."
    assert extract_numbers(text) == [2015, 1710, 2021, 1670, 1573, 1670, 13.86]


def test_extract_numbers_strict_refuses_ambiguous_tokens():
    assert extract_numbers("mục 1.5 của kế hoạch") == [1, 5]
    with pytest.raises(AmbiguousNumberError):
        extract_numbers("mục 1.5 của kế hoạch", strict=True)
