"""Expected CAPM / FF3 / FF5 / Carhart results on the bundled US listings, computed WITHOUT marketreact.

Run from the repository root::

    .venv/bin/python tests/reference/make_factor_reference.py

Inputs are the committed snapshot files: ``data/prices/<SYMBOL>.csv`` (daily
returns r_t = adj_close_t / adj_close_{t-1} - 1; every US listing here has an
adjusted close on every row and no missing NYSE session, which is asserted) and
the tidy factor files ``data/factors/us_3.csv``, ``us_5.csv``, ``us_mom.csv``
(decimal returns, written by ``marketreact data import-factors`` from the
Kenneth R. French Data Library files; see data/factors/PROVENANCE.md).

For each listing and model: statsmodels OLS of the excess return r_t - RF_t on
[1, factors] over the estimation window (-250, -11) in NYSE sessions; abnormal
returns over the event span; the CAR variance 1'V1 with
V = sigma^2 I + X* Cov(b) X*' (Campbell, Lo & MacKinlay 1997, eqs. 4.4.8-4.4.14;
Cov(b) = ``cov_params()``); t and p from scipy; BHAR = prod(1 + r) -
prod(1 + RF + X* b). Writes ``expected_factors.json``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import exchange_calendars as xcals
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "data"
EST = (-250, -11)
WINDOWS = [(0, 0), (-1, 1), (0, 5), (-5, 5), (-10, 10)]
SPAN = (-10, 10)
# Day 0 per listing: the 2025-04-09 tariff pause for most; two OTC listings end before it.
DAY0 = {s: "2025-04-09" for s in ("AAPL", "NVDA", "TSLA", "HMC", "TM", "STLA")} | {
    "NSANY": "2024-12-18",
    "MMTOF": "2024-12-18",
}
MODELS = {
    "capm": ("us_3", ["Mkt-RF"]),
    "ff3": ("us_3", ["Mkt-RF", "SMB", "HML"]),
    "ff5": ("us_5", ["Mkt-RF", "SMB", "HML", "RMW", "CMA"]),
    "carhart": ("us_3+mom", ["Mkt-RF", "SMB", "HML", "Mom"]),
}


def factors(name: str) -> pd.DataFrame:
    if name == "us_3+mom":
        return factors("us_3").join(factors("us_mom"), how="inner")
    return pd.read_csv(DATA / "factors" / f"{name}.csv", index_col="date", parse_dates=["date"])


def returns(symbol: str) -> pd.Series:
    px = pd.read_csv(DATA / "prices" / f"{symbol}.csv", index_col="date", parse_dates=["date"])
    assert px["adj_close"].notna().all()
    sessions = xcals.get_calendar("XNYS").sessions_in_range(px.index[0], px.index[-1])
    assert px.index.equals(pd.DatetimeIndex(sessions.tz_localize(None) if sessions.tz else sessions))
    adj = px["adj_close"].to_numpy()
    return pd.Series(adj[1:] / adj[:-1] - 1.0, index=px.index[1:])


def one(symbol: str, model: str) -> dict[str, object]:
    r = returns(symbol)
    table, cols = MODELS[model]
    f = factors(table)
    p0 = r.index.get_loc(pd.Timestamp(DAY0[symbol]))
    est_idx = r.index[p0 + EST[0] : p0 + EST[1] + 1]
    ev_idx = r.index[p0 + SPAN[0] : p0 + SPAN[1] + 1]
    assert len(est_idx) == EST[1] - EST[0] + 1 and len(ev_idx) == SPAN[1] - SPAN[0] + 1
    fe, fv = f.loc[est_idx], f.loc[ev_idx]  # KeyError if a factor date is missing
    y = r.loc[est_idx].to_numpy() - fe["RF"].to_numpy()
    res = sm.OLS(y, sm.add_constant(fe[cols].to_numpy(), has_constant="add")).fit()
    cov = res.cov_params()
    xv = sm.add_constant(fv[cols].to_numpy(), has_constant="add")
    ar = r.loc[ev_idx].to_numpy() - fv["RF"].to_numpy() - xv @ res.params
    windows = {}
    for a, b in WINDOWS:
        rows = slice(a - SPAN[0], b - SPAN[0] + 1)
        xs = xv[rows]
        var_car = len(xs) * res.scale + float((xs @ cov @ xs.T).sum())
        car = float(ar[rows].sum())
        t = car / math.sqrt(var_car)
        raw = r.loc[ev_idx].to_numpy()[rows]
        normal = fv["RF"].to_numpy()[rows] + xs @ res.params
        windows[f"({a},{b})"] = {
            "car": car,
            "var_car": var_car,
            "t": t,
            "p": float(2 * stats.t.sf(abs(t), res.df_resid)),
            "bhar": float(np.prod(1 + raw) - np.prod(1 + normal)),
        }
    return {
        "alpha": float(res.params[0]),
        "loadings": [float(v) for v in res.params[1:]],
        "sigma": float(math.sqrt(res.scale)),
        "n_estimation": int(res.nobs),
        "df": float(res.df_resid),
        "windows": windows,
    }


def main() -> None:
    body = {
        "meta": {"estimation_window": EST, "event_windows": WINDOWS, "day0": DAY0},
        "models": {m: {s: one(s, m) for s in DAY0} for m in MODELS},
    }
    (HERE / "expected_factors.json").write_text(json.dumps(body, indent=1) + "\n")


if __name__ == "__main__":
    main()
