"""A loopback stand-in for Yahoo's v8 chart endpoint, serving the bundled snapshot's rows.

``/v8/finance/chart/{symbol}?period1=..&period2=..&interval=1d`` answers with the
JSON layout Yahoo uses: bar timestamps at the session open (from
``exchange_calendars``), ``meta`` with the exchange's ``gmtoffset`` and
``exchangeTimezoneName``, ``indicators.quote`` and ``indicators.adjclose``, and
``events.dividends`` built from the snapshot's ``dividends`` column. Bars in
``[period1, period2)`` are served, as Yahoo does.

Failure modes are scripted per test through :attr:`FakeYahoo.script`: a list of
answers consumed one per request (``"429"``, ``"404"``, ``"empty"``, ``"html503"``,
``"divfx"`` (dividends tagged with currency XXX), ``"ok"``); when the list is empty every request gets ``default``.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pandas as pd

from marketreact.data.snapshot import read_snapshot_file
from marketreact.reference.calendars import calendar
from marketreact.reference.securities import mic_for_symbol
from marketreact.reference.venues import exchange


@dataclass
class FakeYahoo:
    """State shared between the test and the server thread."""

    default: str = "ok"
    script: list[str] = field(default_factory=list)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    base_url: str = ""

    def next_answer(self, path: str, query: dict[str, str]) -> str:
        with self.lock:
            self.requests.append((path, query))
            return self.script.pop(0) if self.script else self.default

    def chart_requests(self) -> list[dict[str, str]]:
        with self.lock:
            return [q for p, q in self.requests if p.startswith("/v8/finance/chart/")]


def _num(value: float) -> float | None:
    return None if math.isnan(value) else value


def chart_json(
    symbol: str, period1: int, period2: int, dividend_currency: str | None = None
) -> dict[str, Any]:
    """Yahoo's chart answer for ``symbol``'s snapshot bars in ``[period1, period2)``."""
    mic = mic_for_symbol(symbol)
    venue = exchange(mic)
    bars = read_snapshot_file(symbol)
    cal = calendar(mic)
    opens = pd.DatetimeIndex([cal.session_open(day) for day in bars.index])
    stamps = (opens - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)
    keep = (stamps >= period1) & (stamps < period2)
    rows, times = bars[keep], [int(t) for t in stamps[keep]]
    local = opens[keep].tz_convert(venue.timezone) if len(times) else opens[:1].tz_convert(venue.timezone)
    offset = local[0].utcoffset()
    assert offset is not None
    meta = {
        "currency": venue.currency,
        "symbol": symbol,
        "exchangeName": mic,
        "instrumentType": "EQUITY",
        "firstTradeDate": int(stamps[0]),
        "regularMarketTime": int(stamps[-1]),
        "gmtoffset": int(offset.total_seconds()),
        "timezone": local[0].tzname(),
        "exchangeTimezoneName": venue.timezone,
        "priceHint": 2,
        "dataGranularity": "1d",
        "range": "",
        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
    }
    result: dict[str, Any] = {"meta": meta}
    if not times:
        result["indicators"] = {"quote": [{}], "adjclose": [{}]}
        return {"chart": {"result": [result], "error": None}}
    result["timestamp"] = times
    quote = {c: [_num(v) for v in rows[c]] for c in ("open", "high", "low", "close")}
    quote["volume"] = [None if math.isnan(v) else int(v) for v in rows["volume"]]
    result["indicators"] = {
        "quote": [quote],
        "adjclose": [{"adjclose": [_num(v) for v in rows["adj_close"]]}],
    }
    extra = {"currency": dividend_currency} if dividend_currency else {}
    dividends = {
        str(t): {"amount": float(d), "date": t, **extra}
        for t, d in zip(times, rows["dividends"], strict=True)
        if not math.isnan(d) and d != 0
    }
    if dividends:
        result["events"] = {"dividends": dividends}
    return {"chart": {"result": [result], "error": None}}


NOT_FOUND = {
    "chart": {
        "result": None,
        "error": {"code": "Not Found", "description": "No data found, symbol may be delisted"},
    }
}


def _handler(fake: FakeYahoo) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def _send(self, status: int, body: bytes, kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            answer = fake.next_answer(url.path, query)
            if not url.path.startswith("/v8/finance/chart/"):
                self._send(404, b"not a chart request", "text/plain")
            elif answer == "429":
                self._send(429, b"Too Many Requests\r\n", "text/plain")
            elif answer == "404":
                self._send(404, json.dumps(NOT_FOUND).encode())
            elif answer == "html503":
                self._send(503, b"<html><body>Service Unavailable</body></html>", "text/html")
            else:
                symbol = unquote(url.path.rsplit("/", 1)[1])
                # yfinance's own time-zone probe asks range=1d: the meta is what it reads.
                p1, p2 = int(query.get("period1", 0)), int(query.get("period2", 0))
                if answer == "empty":
                    p1 = p2  # a range with no bars: meta only, empty quote
                currency = "XXX" if answer == "divfx" else None  # a dividend in a foreign currency
                self._send(200, json.dumps(chart_json(symbol, p1, p2, currency)).encode())

    return Handler


@contextmanager
def serve(fake: FakeYahoo) -> Iterator[FakeYahoo]:
    """Run the fake on 127.0.0.1 on a free port for the duration of the block."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
