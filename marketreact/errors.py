"""Errors and warnings raised by marketreact.

Every error carries structured attributes (the parameter, the offending value,
the symbol or range involved) and a message that says how to fix the cause.
All errors derive from :class:`MarketReactError`, so a caller can catch the
whole family with one ``except``.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ArticleError",
    "CacheError",
    "ChecksumMismatch",
    "DataQualityWarning",
    "EventOutsideData",
    "FactorCoverageWarning",
    "FactorsNotCovered",
    "FetchFailed",
    "InsufficientEstimationData",
    "InvalidParameter",
    "MarketReactError",
    "MarketReactWarning",
    "NoDataReturned",
    "NoStudy",
    "OutOfRange",
    "PriceFileError",
    "RateLimited",
    "SnapshotError",
    "UnknownExchange",
    "UnknownSymbol",
]


class MarketReactError(Exception):
    """Base class of every error raised by marketreact."""


class InvalidParameter(MarketReactError, ValueError):
    """A parameter value could not be parsed or is out of its allowed domain.

    Attributes
    ----------
    param : str
        Name of the parameter as the caller wrote it.
    value : Any
        The offending value.
    hint : str
        How to fix it (an accepted example, the allowed values, ...).
    """

    def __init__(self, param: str, value: Any, hint: str) -> None:
        self.param = param
        self.value = value
        self.hint = hint
        super().__init__(f"invalid {param}={value!r}: {hint}")


class UnknownSymbol(MarketReactError, KeyError):
    """A symbol is not in the snapshot, the security master or the data source."""

    def __init__(self, symbol: str, where: str, hint: str = "") -> None:
        self.symbol = symbol
        self.where = where
        self.hint = hint
        msg = f"unknown symbol {symbol!r}: not in {where}"
        if hint:
            msg += f"; {hint}"
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would otherwise quote the message
        return str(self.args[0])


class UnknownExchange(MarketReactError, KeyError):
    """An exchange prefix or MIC is not in the exchange table."""

    def __init__(self, code: str, hint: str = "") -> None:
        self.code = code
        msg = f"unknown exchange {code!r}"
        if hint:
            msg += f"; {hint}"
        super().__init__(msg)

    def __str__(self) -> str:
        return str(self.args[0])


class OutOfRange(MarketReactError):
    """A requested date range lies (partly or wholly) outside the available data.

    Attributes
    ----------
    symbol : str
    start, end : str
        The requested range (ISO dates, inclusive).
    first, last : str or None
        The range the data actually cover (None when there is no data at all).
    """

    def __init__(
        self, symbol: str, start: str, end: str, first: str | None, last: str | None, hint: str = ""
    ) -> None:
        self.symbol = symbol
        self.start = start
        self.end = end
        self.first = first
        self.last = last
        covered = f"data cover {first}..{last}" if first else "no data at all"
        wanted = f"on {start}" if start == end else f"in requested range {start}..{end}"
        msg = f"{symbol}: no rows {wanted} ({covered})"
        if hint:
            msg += f"; {hint}"
        super().__init__(msg)


class EventOutsideData(OutOfRange):
    """An event window or estimation window reaches outside a listing's data.

    ``first``/``last`` are the rows the study had loaded, which may be a span of
    the data; the message therefore relies on ``hint`` to say where they end.
    """

    def __init__(
        self, symbol: str, start: str, end: str, first: str | None, last: str | None, hint: str = ""
    ) -> None:
        super().__init__(symbol, start, end, first, last, hint)
        wanted = f"on {start}" if start == end else f"in {start}..{end}"
        self.args = (f"{symbol}: no rows {wanted}" + (f"; {hint}" if hint else ""),)


class InsufficientEstimationData(MarketReactError):
    """Fewer usable estimation-window returns than the minimum required."""

    def __init__(self, symbol: str, count: int, minimum: int, hint: str = "") -> None:
        self.symbol = symbol
        self.count = count
        self.minimum = minimum
        msg = f"{symbol}: only {count} usable estimation-window returns, fewer than min_estimation={minimum}"
        msg += f"; {hint}" if hint else "; lengthen estimation_window or lower min_estimation"
        super().__init__(msg)


class FactorsNotCovered(MarketReactError):
    """No factor file (regional or fallback) covers a listing's estimation and event windows.

    Attributes
    ----------
    symbol : str
    model : str
    start, end : str
        The dates the windows need (ISO, inclusive).
    tried : str
        Each factor table considered and the range it covers.
    """

    def __init__(self, symbol: str, model: str, start: str, end: str, tried: str, hint: str = "") -> None:
        self.symbol = symbol
        self.model = model
        self.start = start
        self.end = end
        self.tried = tried
        msg = f"{symbol}: no {model} factors cover {start}..{end} ({tried})"
        msg += (
            f"; {hint}"
            if hint
            else (
                "; import newer factor files with `marketreact data import-factors DIR`, pass factors=<DataFrame>, "
                "or move the windows into the covered range"
            )
        )
        super().__init__(msg)


class SnapshotError(MarketReactError):
    """The bundled price snapshot or its manifest is malformed."""


class ChecksumMismatch(SnapshotError):
    """A snapshot file's sha256 differs from the manifest."""

    def __init__(self, path: str, expected: str, actual: str) -> None:
        self.path = path
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"checksum mismatch for {path}: manifest says sha256 {expected[:12]}..., file has "
            f"{actual[:12]}...; the file was edited or corrupted: restore it with "
            "`git checkout -- data/` or re-run `marketreact data import DIR`"
        )


class ArticleError(MarketReactError):
    """An article file or string cannot be read (empty, binary, missing fields)."""

    def __init__(self, source: str, problem: str, hint: str = "") -> None:
        self.source = source
        self.problem = problem
        msg = f"{source}: {problem}"
        if hint:
            msg += f"; {hint}"
        super().__init__(msg)


class NoStudy(MarketReactError):
    """No listing of an article could be studied (every one lacks data for its windows)."""

    def __init__(self, article: str, reasons: str) -> None:
        self.article = article
        self.reasons = reasons
        super().__init__(
            f"{article}: no event study could be computed: {reasons}; check the listings above, "
            "widen the data (--source yahoo) or shorten the windows"
        )


class NoDataReturned(MarketReactError):
    """The data source answered, but has no bars for the symbol and range."""

    def __init__(self, symbol: str, start: str, end: str, source: str, detail: str = "") -> None:
        self.symbol = symbol
        self.start = start
        self.end = end
        self.source = source
        msg = f"{source} returned no data for {symbol} in {start}..{end}"
        if detail:
            msg += f" ({detail})"
        msg += "; check the symbol's spelling and suffix (e.g. 7201.T, 601138.SS) and the range"
        super().__init__(msg)


class FetchFailed(MarketReactError):
    """The data source could not be reached or answered with an error."""

    def __init__(self, symbol: str, source: str, detail: str) -> None:
        self.symbol = symbol
        self.source = source
        self.detail = detail
        super().__init__(
            f"fetching {symbol} from {source} failed: {detail}; check the network connection, "
            "or work offline with source='snapshot' (command line: --source snapshot)"
        )


class RateLimited(FetchFailed):
    """The data source kept answering HTTP 429 after all retries."""

    def __init__(self, symbol: str, source: str, attempts: int) -> None:
        self.attempts = attempts
        super().__init__(
            symbol,
            source,
            f"rate limited (HTTP 429) on all {attempts} attempts; wait a few minutes and retry",
        )


class PriceFileError(MarketReactError):
    """A user's price file cannot be used as it is.

    Attributes
    ----------
    path : str
        The file.
    problem : str
        What is wrong (a missing column, a duplicate date, a non-numeric price).
    hint : str
        How to fix it.
    """

    def __init__(self, path: str, problem: str, hint: str) -> None:
        self.path = path
        self.problem = problem
        self.hint = hint
        super().__init__(f"{path}: {problem}; {hint}")


class CacheError(MarketReactError):
    """The on-disk cache is unreadable or cannot be written."""


class MarketReactWarning(UserWarning):
    """Base class of warnings issued by marketreact."""


class DataQualityWarning(MarketReactWarning):
    """The data have a known problem (gap, thin trading, stale row) the result depends on."""


class FactorCoverageWarning(MarketReactWarning):
    """A listing's regional factor set does not cover its windows; another region's factors were used.

    Attributes
    ----------
    symbol : str
    wanted : str
        The regional factor table that would normally apply.
    used : str
        The table actually used.
    """

    def __init__(self, symbol: str, wanted: str, used: str, reason: str) -> None:
        self.symbol = symbol
        self.wanted = wanted
        self.used = used
        super().__init__(f"{symbol}: {reason}; used the {used} factors instead")
