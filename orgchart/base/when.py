"""Dates as sources give them: a year, a year and month or a day, maybe "about", or unknown.

A source that says "2019" does not say 2019-01-01: :class:`When` keeps the precision that
was written, prints the date as written (in one canonical spelling) and compares dates by
what they can mean. ``2019`` and ``2019-06`` may be the same time (neither is surely before
the other); ``2018`` is surely before ``2019-06``.

>>> When.parse("2019") .surely_before(When.parse("2019-06"))
False
>>> When.parse(2018).surely_before(When.parse("2019-06"))
True
>>> print(When.parse("约2019年"), When.parse("~2019-6"), When.parse("unknown"))
about 2019 about 2019-06 ?
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Final, Literal

from .words import word

__all__ = ["When", "ACCEPTED", "UNKNOWN_WORDS", "WHEN_PATTERN", "parse_when"]

#: The forms a date may be written in, for error messages.
ACCEPTED: Final = ("YYYY, YYYY-MM or YYYY-MM-DD (also 2019年6月30日), 'about 2019' "
                   "(约2019, ~2019, 2019年左右) or 'unknown' (?, 未知)")

#: The spellings of an unknown date (the same as for other unknown values).
UNKNOWN_WORDS: Final = frozenset({"unknown", "?", "？", "未知"})

_ABOUT_BEFORE = re.compile(r"^(?:about|circa|ca\.|c\.|~|约|大约)\s*")
_ABOUT_AFTER = re.compile(r"\s*(?:左右|前后)$")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_ZH = re.compile(r"^(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?)?$")

#: The accepted texts as one regular expression (for the JSON Schema; ECMA syntax).
WHEN_PATTERN: Final = (r"^(?:unknown|\?|？|未知|(?:(?:about|circa|ca\.|c\.|~|约|大约)\s*)?\d{4}"
                       r"(?:-\d{1,2}(?:-\d{1,2})?|\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?)?"
                       r"(?:\s*(?:左右|前后))?)$")

Precision = Literal["year", "month", "day", "unknown"]


@dataclass(frozen=True, slots=True)
class When:
    """A date of some precision: a year, a year and month or a day; or unknown.

    Two dates are equal only when written alike (``2019`` is not ``2019-01-01``); they
    hash alike then, so a ``When`` can key a dict. There is no ``<``: "before" has two
    meanings for dates of unequal precision, so ask :meth:`surely_before` or
    :meth:`surely_after`, and sort with :meth:`sort_key`.

    ``about`` widens the span by one step of its precision on each side (``about 2019``
    is some day of 2018 to 2020), as the EDTF reference implementation pads approximate
    dates; an unknown date spans all time, so it is never surely before or after another.

    Args:
        year: the year, or None for an unknown date.
        month: the month (1-12), or None for a year.
        day: the day of the month, or None for a year or a month.
        about: the source gives the date as approximate (约).

    Raises:
        ValueError: not a calendar date, or a month without a year, a day without a month.

    >>> When(2019, 6)
    When(year=2019, month=6, day=None, about=False)
    >>> When(2019, 2, 30)
    Traceback (most recent call last):
    ...
    ValueError: 2019-02 has no day 30
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    about: bool = False

    def __post_init__(self) -> None:
        if self.year is None and (self.month, self.day, self.about) != (None, None, False):
            raise ValueError("an unknown date has no month, day or 'about'")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.year is not None and not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range (1-9999)")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"{self.year} has no month {self.month}")
        if self.day is not None:
            assert self.year is not None and self.month is not None
            if not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
                raise ValueError(f"{self.year}-{self.month:02d} has no day {self.day}")

    @classmethod
    def unknown(cls) -> When:
        """Return the unknown date (written ``unknown``, ``?`` or ``未知``; printed ``?``)."""
        return cls()

    @classmethod
    def of(cls, day: dt.date) -> When:
        """Return the exact date of a :class:`datetime.date`.

        >>> print(When.of(dt.date(2020, 12, 31)))
        2020-12-31
        """
        return cls(day.year, day.month, day.day)

    @classmethod
    def parse(cls, value: object) -> When:
        """Return the date written as ``value``: a date, a year (int) or a text.

        Texts: ``2019``, ``2019-06``, ``2019-06-30`` (one-digit months and days too),
        ``2019年``, ``2019年6月``, ``2019年6月30日``; before any of them ``about``,
        ``circa``, ``~``, ``约`` or ``大约``, or after it ``左右`` or ``前后``, for an
        approximate date; ``unknown``, ``?`` or ``未知`` for an unknown one.

        Raises:
            ValueError: anything else; the message lists the accepted forms.

        >>> [str(When.parse(v)) for v in (2019, "2019-6", dt.date(2019, 6, 1), "约2019年6月")]
        ['2019', '2019-06', '2019-06-01', 'about 2019-06']
        >>> When.parse("2019/06")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: '2019/06' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (also ...
        """
        if isinstance(value, When):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError(f"{value.isoformat()!r} has a time of day; write the date only")
        if isinstance(value, dt.date):
            return cls.of(value)
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return cls(value)
        if isinstance(value, str):
            return cls._parse_text(value)
        raise ValueError(f"{value!r} is not a date; write {ACCEPTED}")

    @classmethod
    def _parse_text(cls, value: str) -> When:
        text = value.strip()
        if text in UNKNOWN_WORDS:
            return cls()
        body = _ABOUT_AFTER.sub("", _ABOUT_BEFORE.sub("", text, count=1), count=1)
        about = body != text
        match = _ISO.match(body) or _ZH.match(body)
        if match is None:
            raise ValueError(f"{value!r} is not a date; write {ACCEPTED}")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        try:
            return cls(year, month, day, about)
        except ValueError as err:
            raise ValueError(f"{value!r} is not a date: {err}") from None

    @property
    def known(self) -> bool:
        """Tell whether anything of the date is known."""
        return self.year is not None

    @property
    def precision(self) -> Precision:
        """Return ``year``, ``month``, ``day`` or ``unknown``."""
        if self.year is None:
            return "unknown"
        return "year" if self.month is None else "month" if self.day is None else "day"

    @property
    def exact(self) -> bool:
        """Tell whether the date is one day, not approximate (a :class:`datetime.date`)."""
        return self.day is not None and not self.about

    def __str__(self) -> str:
        """Return the date in its canonical spelling: ``2019``, ``2019-06``, ``2019-06-30``,
        ``about 2019``, ``?``; :meth:`parse` reads it back equal."""
        if self.year is None:
            return "?"
        return ("about " if self.about else "") + self._digits()

    def _digits(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month is not None:
            parts.append(f"{self.month:02d}")
        if self.day is not None:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def text(self, lang: str = "zh") -> str:
        """Return the date as charts print it: ``约2019`` in Chinese, ``about 2019`` in English.

        >>> When(2019, about=True).text(), When(2019, 6).text("en")
        ('约2019', '2019-06')
        """
        if self.year is None:
            return "?"
        if not self.about:
            return self._digits()
        return word("date.about", "en" if lang == "en" else "zh", date=self._digits())

    def edtf(self) -> str | None:
        """Return the date in EDTF (ISO 8601-2): ``2019``, ``2019-06~``; None when unknown.

        >>> When(2019, 6, about=True).edtf()
        '2019-06~'
        """
        if self.year is None:
            return None
        return self._digits() + ("~" if self.about else "")

    def earliest(self) -> dt.date:
        """Return the first day the date may mean (:attr:`datetime.date.min` when unknown).

        >>> When(2019, about=True).earliest(), When(2019, 3).earliest()
        (datetime.date(2018, 1, 1), datetime.date(2019, 3, 1))
        """
        if self.year is None:
            return dt.date.min
        first = dt.date(self.year, self.month or 1, self.day or 1)
        return _step(first, self.precision, -1) if self.about else first

    def latest(self) -> dt.date:
        """Return the last day the date may mean (:attr:`datetime.date.max` when unknown).

        >>> When(2019).latest(), When(2020, 2).latest(), When(2019, 6, 30, about=True).latest()
        (datetime.date(2019, 12, 31), datetime.date(2020, 2, 29), datetime.date(2019, 7, 1))
        """
        if self.year is None:
            return dt.date.max
        month = self.month or 12
        last = dt.date(self.year, month,
                       self.day or calendar.monthrange(self.year, month)[1])
        if not self.about:
            return last
        if self.precision == "day":
            return _step(last, "day", 1)
        # the last day of the next year or month
        after = _step(dt.date(self.year, month, 1), self.precision, 1)
        return after.replace(day=calendar.monthrange(after.year, after.month)[1])

    def surely_before(self, other: When | dt.date) -> bool:
        """Tell whether every day this date may mean comes before every day ``other`` may.

        >>> When(2019).surely_before(When(2019, 12, 31)), When(2019).surely_before(When(2020))
        (False, True)
        """
        return self.latest() < _span(other)[0]

    def surely_after(self, other: When | dt.date) -> bool:
        """Tell whether every day this date may mean comes after every day ``other`` may."""
        return self.earliest() > _span(other)[1]

    def may_overlap(self, other: When | dt.date) -> bool:
        """Tell whether the two dates may mean the same day (neither is surely before).

        >>> When(2019).may_overlap(When(2019, 6)), When(2019, 6).may_overlap(dt.date(2019, 7, 1))
        (True, False)
        """
        return not self.surely_before(other) and not self.surely_after(other)

    def contains(self, day: dt.date) -> bool:
        """Tell whether ``day`` is one of the days this date may mean."""
        return self.earliest() <= day <= self.latest()

    def sort_key(self) -> tuple[int, dt.date, dt.date, int]:
        """Return a key that orders dates by their first, then last possible day; unknown
        dates last, and an exact date before an approximate one with the same span.

        >>> dates = [When(2019, 6), When(), When(2019), When(2018, 12, 31)]
        >>> [str(w) for w in sorted(dates, key=When.sort_key)]
        ['2018-12-31', '2019', '2019-06', '?']
        """
        return (0 if self.known else 1, self.earliest(), self.latest(), int(self.about))


def parse_when(value: object) -> When:
    """Return :meth:`When.parse` of ``value`` (for validators that take a function)."""
    return When.parse(value)


def _span(value: When | dt.date) -> tuple[dt.date, dt.date]:
    if isinstance(value, When):
        return value.earliest(), value.latest()
    return value, value


def _step(day: dt.date, precision: Precision, sign: int) -> dt.date:
    """Return ``day`` moved by one year, month or day (kept within the calendar)."""
    try:
        if precision == "day":
            return day + dt.timedelta(days=sign)
        if precision == "month":
            month0 = day.year * 12 + day.month - 1 + sign
            return dt.date(month0 // 12, month0 % 12 + 1, 1)
        return day.replace(year=day.year + sign)
    except (ValueError, OverflowError):
        return dt.date.min if sign < 0 else dt.date.max
