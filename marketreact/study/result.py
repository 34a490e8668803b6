"""``EventStudyResult``: labelled views of a fitted event study (arch / lifelines style)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from marketreact.errors import InvalidParameter
from marketreact.study.conventions import conventions_table
from marketreact.study.core import BatchResult
from marketreact.study.extra_tests import EXTRA_TESTS
from marketreact.study.models import window_stats
from marketreact.study.significance import TESTS, nan_column_mean
from marketreact.study.windows import Windows, window_label

__all__ = ["SMALL_N", "EventStudyResult", "ListingInfo"]

SMALL_N = 10  # below this many listings, cross-sectional tests have few degrees of freedom
# How str() names the per-listing CAR variance of each conventions preset (docs/conventions.md).
_VARIANCE_NAME = {"clm": "CLM", "simple": "L sigma^2, SSR/n", "estudy2": "L sigma^2, SSR/(n - 1)"}
_CROSS_SECTIONAL = (
    "cross_sectional_t",
    "bmp",
    "kolari_pynnonen",
    "generalized_sign",
    "wilcoxon",
    "sign",
    "wilcoxon_w_plus",
    "wilcoxon_w_minus",
)
_ALL_TESTS = TESTS + EXTRA_TESTS


@dataclass(frozen=True)
class ListingInfo:
    """One fitted event: its label (symbol, or symbol@day0 when a symbol repeats) and quality report."""

    label: str
    symbol: str
    day0: pd.Timestamp
    benchmark: str | None
    quality: dict[str, Any]
    event_id: str | None = None


def _num(value: Any) -> Any:
    """JSON-safe number: NaN/inf -> None, numpy scalars -> Python."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


class EventStudyResult:
    """Result of :meth:`marketreact.study.EventStudy.fit`.

    Properties return pandas objects labelled by listing, relative day and
    window. Windows are labelled ``"(a,b)"``.
    """

    def __init__(
        self,
        *,
        study: str,
        model: str,
        kind: str,
        windows: Windows,
        listings: list[ListingInfo],
        batch: BatchResult,
        skipped: dict[str, str],
        cell_notes: list[dict[int, str]],
        shocks: dict[str, pd.DataFrame] | None = None,
        overlaps: pd.DataFrame | None = None,
        flag_notes: list[str] | None = None,
        data_notes: list[str] | None = None,
        conventions: str = "clm",
    ) -> None:
        self.study = study
        self.model = model
        self.kind = kind
        self.windows = windows
        self.listings = listings
        self.batch = batch
        self._skipped = dict(skipped)
        self._cell_notes = cell_notes
        self._labels = [info.label for info in listings]
        self._shocks = shocks or {}
        self._overlaps = overlaps if overlaps is not None else pd.DataFrame()
        self._flag_notes = flag_notes or []
        self._data_notes = data_notes or []
        self.conventions = conventions

    # ------------------------------------------------------------------ per listing
    @property
    def n_listings(self) -> int:
        return len(self.listings)

    @property
    def relative_days(self) -> pd.Index:
        lo, hi = self.windows.span
        return pd.Index(range(lo, hi + 1), name="event_time")

    @property
    def abnormal_returns(self) -> pd.DataFrame:
        """AR by relative day (rows) and listing (columns); NaN where not computable."""
        return pd.DataFrame(
            self.batch.fit.ar.T, index=self.relative_days, columns=pd.Index(self._labels, name="symbol")
        )

    def _by_window(self, attr: str) -> pd.DataFrame:
        data = {window_label(w): getattr(self.batch.stats[w], attr) for w in self.windows.events}
        frame = pd.DataFrame(data, index=pd.Index(self._labels, name="symbol"))
        frame.columns.name = "window"
        return frame

    def car_path(self, label: str) -> pd.DataFrame:
        """CAR from the first event-span day to each day, with its CLM standard error and df.

        Computed from this fit (no re-estimation): row ``t`` is the window
        (span start, t). Columns ``car``, ``se``, ``df``; NaN where a return in
        the window is missing.
        """
        if label not in self._labels:
            raise InvalidParameter("label", label, f"use one of {', '.join(self._labels)}")
        i = self._labels.index(label)
        fit = self.batch.fit
        lo, hi = self.windows.span
        y_ev = fit.ar + fit.normal  # only the BHAR part of window_stats reads it
        rows = {}
        for t in range(lo, hi + 1):
            ws = window_stats(fit, y_ev, self.windows.columns((lo, t)), self.kind)
            rows[t] = (ws.car[i], float(np.sqrt(ws.var_car[i])), ws.df[i])
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=["car", "se", "df"]).astype(float)
        frame.index.name = "event_time"
        return frame

    @property
    def car(self) -> pd.DataFrame:
        """Cumulative abnormal return, listing x window."""
        return self._by_window("car")

    @property
    def bhar(self) -> pd.DataFrame:
        """Buy-and-hold abnormal return, listing x window."""
        return self._by_window("bhar")

    def window_note(self, index: int, window: tuple[int, int]) -> str:
        """Why a listing's window has no CAR ('' when it has one)."""
        notes = self._cell_notes[index]
        reasons = [notes[d] for d in range(window[0], window[1] + 1) if d in notes]
        if reasons:
            first = reasons[0]
            return first if len(reasons) == 1 else f"{first} (and {len(reasons) - 1} more day(s))"
        car = self.batch.stats[window].car[index]
        return "" if np.isfinite(car) else "a return in the window is missing"

    @property
    def tests(self) -> pd.DataFrame:
        """Per-listing CAR t-test (CLM variance), index (symbol, window)."""
        rows = []
        for w in self.windows.events:
            st = self.batch.stats[w]
            for i, label in enumerate(self._labels):
                rows.append(
                    {
                        "symbol": label,
                        "window": window_label(w),
                        "car": st.car[i],
                        "bhar": st.bhar[i],
                        "se": math.sqrt(st.var_car[i]) if st.var_car[i] >= 0 else float("nan"),
                        "t": st.t[i],
                        "df": st.df[i],
                        "p": st.p[i],
                        "note": self.window_note(i, w),
                    }
                )
        return pd.DataFrame(rows).set_index(["symbol", "window"])

    @property
    def params(self) -> pd.DataFrame:
        """Estimated normal-return model per listing: alpha, beta, sigma, n_estimation, df."""
        fit = self.batch.fit
        return pd.DataFrame(
            {
                "benchmark": [i.benchmark for i in self.listings],
                "alpha": fit.alpha,
                "beta": fit.beta,
                "sigma": np.sqrt(fit.sigma2),
                "n_estimation": fit.n,
                "df": fit.df,
            },
            index=pd.Index(self._labels, name="symbol"),
        )

    @property
    def quality(self) -> pd.DataFrame:
        """Data-quality report per listing (see the README of the study module)."""
        return pd.DataFrame([i.quality for i in self.listings], index=pd.Index(self._labels, name="symbol"))

    @property
    def skipped(self) -> dict[str, str]:
        """Listings that could not be studied -> reason."""
        return dict(self._skipped)

    # ------------------------------------------------------------------ group
    @property
    def aar(self) -> pd.Series:
        """Average abnormal return by relative day (over listings with an AR that day)."""
        values = nan_column_mean(self.batch.fit.ar)
        return pd.Series(values, index=self.relative_days, name="aar")

    @property
    def caar(self) -> pd.Series:
        """Cumulative average abnormal return per window: mean CAR over listings with a CAR."""
        values = {}
        for w in self.windows.events:
            car = self.batch.stats[w].car
            values[window_label(w)] = float(np.nanmean(car)) if np.isfinite(car).any() else float("nan")
        return pd.Series(values, name="caar").rename_axis("window")

    @property
    def group_tests(self) -> pd.DataFrame:
        """Group tests per window, index (window, test), columns statistic, p, df, n."""
        rows = []
        for w in self.windows.events:
            n = int(np.isfinite(self.batch.stats[w].car).sum())
            for test in _ALL_TESTS:
                stat, p, df = self.batch.group[w][test]
                rows.append(
                    {"window": window_label(w), "test": test, "statistic": stat, "p": p, "df": df, "n": n}
                )
        return pd.DataFrame(rows).set_index(["window", "test"])

    @property
    def shocks(self) -> dict[str, pd.DataFrame]:
        """Per listing: its benchmark's event-window sessions with z-scores and a ``shock`` flag."""
        return dict(self._shocks)

    def shock_days(self, label: str) -> list[int]:
        """Relative days on which ``label``'s benchmark had a market-wide shock."""
        frame = self._shocks.get(label)
        if frame is None or frame.empty:
            return []
        return [int(d) for d in frame.loc[frame["shock"].fillna(False).astype(bool), "relative_day"]]

    @property
    def overlaps(self) -> pd.DataFrame:
        """User-supplied dated events inside listings' event windows."""
        return self._overlaps.copy()

    @property
    def warnings(self) -> list[str]:
        """Plain-language caveats the numbers depend on."""
        out = [f"{label} skipped: {reason}" for label, reason in self._skipped.items()]
        # A skipped listing's loading note only repeats why it was skipped.
        out += [n for n in self._data_notes if not any(n.startswith(f"loading {s}:") for s in self._skipped)]
        out += self._flag_notes
        singular = [self._labels[i] for i in np.flatnonzero(self.batch.fit.singular)]
        if singular:
            out.append(
                f"beta not identified for {', '.join(singular)}: the estimation-window design is singular "
                "(e.g. a benchmark with constant returns); coefficients are a pseudo-inverse solution"
            )
        for i, info in enumerate(self.listings):
            q = info.quality
            if q.get("rows_off_calendar"):
                out.append(
                    f"{info.label}: {q['rows_off_calendar']} row(s) dated on days that are not "
                    f"{q.get('calendar')} sessions were left out (offsets count the calendar's sessions)"
                )
            if q["thin_trading"]:
                out.append(
                    f"{info.label}: {q['zero_return_share']:.0%} of estimation-window returns are exactly zero "
                    "(thin trading); betas are biased towards zero, consider model='dimson'"
                )
            if q["n_estimation"] < q["estimation_window_sessions"]:
                out.append(
                    f"{info.label}: {q['n_estimation']} of {q['estimation_window_sessions']} estimation "
                    "sessions usable (missing data, gap rows or benchmark days excluded, not filled)"
                )
            missing = [w for w in self.windows.events if not np.isfinite(self.batch.stats[w].car[i])]
            if missing:
                names = ", ".join(window_label(w) for w in missing)
                out.append(
                    f"{info.label}: window(s) {names} not computable: {self.window_note(i, missing[0])}"
                )
        price_bench = sorted(
            {str(i.benchmark) for i in self.listings if i.quality.get("benchmark_basis") == "price"}
        )
        if price_bench:
            out.append(
                f"benchmark(s) {', '.join(price_bench)} are price series without dividends while listings use "
                "total returns: the intercept absorbs the dividend-yield difference"
            )
        if self.n_listings < SMALL_N:
            out.append(
                f"only {self.n_listings} listing(s): cross-sectional tests ({', '.join(_CROSS_SECTIONAL)}) "
                "have few degrees of freedom; read the per-listing t-tests and the Brown-Warner portfolio "
                "test first"
            )
        if self.n_listings > 1 and not np.isfinite(self.batch.r_bar):
            out.append("Kolari-Pynnönen adjustment not computed: no two listings share 30 estimation dates")
        return out

    # ------------------------------------------------------------------ presentation
    def summary(self) -> pd.DataFrame:
        """One row per window: N, CAAR and every group test's statistic and p-value.

        With fewer than ``SMALL_N`` listings the portfolio (Brown-Warner) and
        Patell columns come first and cross-sectional ones last.
        ``attrs["conventions"]`` holds :attr:`conventions_table` as a dict (variance
        formula, ddof and df of every statistic), which ``str(result)`` prints.
        """
        order = list(_ALL_TESTS)
        if self.n_listings < SMALL_N:
            order = [t for t in _ALL_TESTS if t not in _CROSS_SECTIONAL] + [
                t for t in _ALL_TESTS if t in _CROSS_SECTIONAL
            ]
        caar = self.caar
        rows = {}
        for w in self.windows.events:
            label = window_label(w)
            row: dict[str, float] = {
                "n": float(np.isfinite(self.batch.stats[w].car).sum()),
                "caar": caar[label],
            }
            for test in order:
                stat, p, _ = self.batch.group[w][test]
                row[test] = stat
                row[f"{test}_p"] = p
            rows[label] = row
        frame = pd.DataFrame.from_dict(rows, orient="index").rename_axis("window")
        # A plain dict (not a DataFrame): pandas compares attrs when concatenating summaries.
        frame.attrs["conventions"] = self.conventions_table.to_dict(orient="index")
        return frame

    @property
    def variance_name(self) -> str:
        """How the per-listing CAR variance of this result's conventions is named in text output."""
        return _VARIANCE_NAME.get(self.conventions, self.conventions)

    @property
    def conventions_table(self) -> pd.DataFrame:
        """Per statistic: the variance formula, ddof, df and distribution used (docs/conventions.md)."""
        return conventions_table(self.model, self.conventions)

    def __str__(self) -> str:
        pd_opts = {"display.width": 110, "display.max_columns": 12, "display.float_format": "{:.4f}".format}
        with pd.option_context(pd_opts):
            t = pd.DataFrame(self.tests[["car", "t", "p"]].unstack("window"))
            t = t.reindex(columns=pd.MultiIndex.from_product([["car", "t", "p"], self.windows.labels]))
            parts = [
                f"Event study: {self.n_listings} listing(s), model={self.model}, returns={self.kind}, "
                f"estimation_window={self.windows.estimation}",
                "",
                f"Per-listing CAR, t and p ({_VARIANCE_NAME.get(self.conventions, self.conventions)} variance):",
                t.to_string(),
                "",
                "Group tests (statistic, p):",
                self.summary().to_string(),
                "",
                f"Conventions ({self.conventions}): variance, ddof and df per statistic:",
                self.conventions_table.to_string(),
            ]
        if self.skipped or self.warnings:
            parts += ["", "Warnings:"] + [f"- {w}" for w in self.warnings]
        return "\n".join(parts)

    def __repr__(self) -> str:
        return f"<EventStudyResult {self.n_listings} listing(s), {len(self._skipped)} skipped, model={self.model}>"

    def _repr_html_(self) -> str:
        warn = "".join(f"<li>{w}</li>" for w in self.warnings)
        return (
            f"<p><b>Event study</b>: {self.n_listings} listing(s), model={self.model}</p>"
            f"{self.car.to_html(float_format='{:.4f}'.format)}"
            f"{self.summary().to_html(float_format='{:.4g}'.format)}" + (f"<ul>{warn}</ul>" if warn else "")
        )

    def to_frame(self) -> pd.DataFrame:
        """Tidy long form: columns level ('listing'/'group'), symbol, window, measure, value."""
        tests = self.tests.reset_index()
        listing = tests.melt(
            id_vars=["symbol", "window"], value_vars=["car", "bhar", "se", "t", "df", "p"], var_name="measure"
        ).assign(level="listing")
        g = self.group_tests.reset_index()
        stat = g.assign(measure=g["test"], value=g["statistic"])
        pval = g.assign(measure=g["test"] + "_p", value=g["p"])
        group = pd.concat([stat, pval])[["window", "measure", "value"]].assign(level="group", symbol=None)
        caar = (
            self.caar.reset_index()
            .rename(columns={"caar": "value"})
            .assign(measure="caar", level="group", symbol=None)
        )
        cols = ["level", "symbol", "window", "measure", "value"]
        return pd.concat([listing[cols], group[cols], caar[cols]], ignore_index=True)

    def mean_car_path(self) -> tuple[pd.Series, list[str]]:
        """Mean CAR path over the listings whose whole event span has abnormal returns.

        Cumulating :attr:`aar` would mix listing sets when some listings lack a
        day (each day's average is over whoever has it), so the mean path uses
        only listings with a complete path. Returns the path (NaN when no
        listing is complete) and the labels it averages.
        """
        ars = self.abnormal_returns
        complete = [str(c) for c in ars.columns if ars[c].notna().all()]
        path = ars[complete].cumsum().mean(axis=1) if complete else pd.Series(np.nan, index=ars.index)
        return path.rename("mean_car"), complete

    def plot(self, ax: Any = None) -> Any:
        """CAR paths by relative day (cumulated from the span start) and the mean path; returns the Axes.

        The mean path averages the listings with a complete path only (see
        :meth:`mean_car_path`); its legend label says how many of all listings.
        """
        from marketreact.plots._style import chart_style, new_axes
        from marketreact.plots.study import event_time_axes

        ax = new_axes(ax)
        paths = self.abnormal_returns.cumsum(skipna=False)
        mean, complete = self.mean_car_path()
        with chart_style():
            for label in paths.columns:
                ax.plot(paths.index, paths[label] * 100, lw=1, alpha=0.75, label=label)
            if complete:
                ax.plot(
                    mean.index,
                    mean * 100,
                    color="black",
                    lw=2.5,
                    label=f"mean CAR ({len(complete)} of {self.n_listings} listings with complete paths)",
                )
            event_time_axes(
                ax,
                "cumulative abnormal return (%)",
                xlabel="event time (trading days relative to day 0)",
                decimals=0,
            )
            ax.set_title(f"CAR paths ({self.model} model)")
            ax.legend(fontsize=7, ncol=2, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        return ax

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-ready dict: listings, group, warnings, skipped (NaN -> None)."""
        fit = self.batch.fit
        listings = []
        for i, info in enumerate(self.listings):
            windows = []
            for w in self.windows.events:
                st = self.batch.stats[w]
                entry = {
                    "window": [w[0], w[1]],
                    "car": st.car[i],
                    "bhar": st.bhar[i],
                    "t": st.t[i],
                    "p": st.p[i],
                }
                windows.append({k: _num(v) for k, v in entry.items()} | {"note": self.window_note(i, w)})
            listings.append(
                {
                    "symbol": info.symbol,
                    "label": info.label,
                    "id": info.event_id,
                    "benchmark": info.benchmark,
                    "day0": str(info.day0.date()),
                    "alpha": _num(fit.alpha[i]),
                    "beta": _num(fit.beta[i]),
                    "sigma": _num(math.sqrt(fit.sigma2[i])),
                    "n_estimation": int(fit.n[i]),
                    "windows": windows,
                    "quality": {k: _num(v) for k, v in info.quality.items()},
                }
            )
        group = []
        caar = self.caar
        for w in self.windows.events:
            tests = {
                name: {"statistic": _num(s), "p": _num(p)} for name, (s, p, _) in self.batch.group[w].items()
            }
            n = int(np.isfinite(self.batch.stats[w].car).sum())
            group.append(
                {"window": [w[0], w[1]], "n": n, "caar": _num(caar[window_label(w)]), "tests": tests}
            )
        return {
            "model": self.model,
            "estimation_window": list(self.windows.estimation),
            "listings": listings,
            "group": group,
            "warnings": self.warnings,
            "skipped": self.skipped,
        }
