"""Write the expected values the study tests compare to, computed WITHOUT marketreact.

Run from the repository root::

    .venv/bin/python tests/reference/make_reference.py

It (1) generates a SYNTHETIC, seeded dataset of daily returns for six firms and
a market index and writes it to ``synthetic_returns.csv`` (in the shape of
``marketreact.to_returns``), and (2) computes every statistic independently:

* alpha, beta, sigma and the CAR variance with statsmodels OLS. The CAR
  variance is 1'V1 with V = sigma^2 I + X* Cov(b) X*' (Campbell, Lo & MacKinlay
  1997, ch. 4, eqs. 4.4.8-4.4.14), Cov(b) = ``res.cov_params()``; its diagonal is
  checked against ``get_prediction(X*).se_obs**2`` (statsmodels' forecast
  standard errors), so the off-diagonal terms are the only extra arithmetic;
* p-values with scipy.stats.t / norm, the cross-sectional t with
  scipy.stats.ttest_1samp, the signed-rank test with scipy.stats.wilcoxon;
* tests statsmodels/scipy lack, as plain loops from the papers' formulas:
  Brown & Warner (1985) crude dependence adjustment, Patell (1976),
  Boehmer, Musumeci & Poulsen (1991), Kolari & Pynnönen (2010) with the mean
  correlation from pandas ``DataFrame.corr(min_periods=30)`` (pairwise-complete
  calendar dates), Corrado (1989) ranks via scipy.stats.rankdata per firm
  (multi-day form: Cowan 1992), Cowan (1992) generalized sign.

The engine builds the same numbers with batch matrix algebra (closed-form
normal equations, masked reductions), so agreement is a real cross-check.
"""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

import exchange_calendars as xcals
import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

HERE = Path(__file__).resolve().parent
SEED = 20250409
EST = (-150, -11)
WINDOWS = [(0, 0), (-1, 1), (0, 5), (-5, 5)]
SPAN = (-5, 5)
FIRMS = ["SYN1", "SYN2", "SYN3", "SYN4", "SYN5", "SYN6"]
DAY0 = {f: "2024-10-14" for f in FIRMS} | {"SYN3": "2024-10-28"}


def sessions() -> pd.DatetimeIndex:
    return xcals.get_calendar("XNYS").sessions_in_range("2024-01-02", "2025-12-31")[:300]


def make_dataset() -> pd.DataFrame:
    rng = np.random.default_rng(SEED)
    # XNYS sessions (the venue of suffix-less synthetic symbols), so offsets are session counts.
    dates = sessions()
    market = rng.normal(0.0004, 0.01, len(dates))
    industry = rng.normal(0.0, 0.008, len(dates))
    rows = []
    for j, firm in enumerate(FIRMS):
        beta = 0.6 + 0.2 * j
        r = 0.0002 * j + beta * market + industry + rng.normal(0.0, 0.015, len(dates))
        r[dates.get_loc(pd.Timestamp(DAY0[firm]))] += 0.03  # the synthetic "event"
        for i, d in enumerate(dates):
            rows.append({"symbol": firm, "date": d, "return": r[i], "sessions_spanned": 1.0})
    for i, d in enumerate(dates):
        rows.append({"symbol": "SYNMKT", "date": d, "return": market[i], "sessions_spanned": 1.0})
    df = pd.DataFrame(rows)
    # SYN2: one gap row in the estimation window (kept, flagged, must be excluded).
    df.loc[(df.symbol == "SYN2") & (df.date == dates[150]), "sessions_spanned"] = 2.0
    # SYN5: a row missing altogether (so its relative days skip that date), next row a gap.
    df = df[~((df.symbol == "SYN5") & (df.date == dates[160]))]
    df.loc[(df.symbol == "SYN5") & (df.date == dates[161]), "sessions_spanned"] = 2.0
    # The market index has no row on one date: every firm loses that estimation day.
    df = df[~((df.symbol == "SYNMKT") & (df.date == dates[120]))]
    df["gap"] = df["sessions_spanned"] != 1.0
    df["basis"] = np.where(df.symbol == "SYNMKT", "price", "adjusted")
    return df[["symbol", "date", "return", "basis", "sessions_spanned", "gap"]]


def firm_frames(df: pd.DataFrame, firm: str) -> dict[str, object]:
    """Estimation and event cells by XNYS SESSION positions (a session without a row is a NaN cell)."""
    axis = sessions()
    own = df[df.symbol == firm].set_index("date").reindex(axis).rename_axis("date").reset_index()
    own["gap"] = own["gap"].astype("boolean").fillna(True).astype(bool)  # no row: not usable
    mkt = df[df.symbol == "SYNMKT"].set_index("date").reindex(axis)
    p0 = int(own.index[own.date == pd.Timestamp(DAY0[firm])][0])
    est = own.iloc[p0 + EST[0] : p0 + EST[1] + 1].copy()
    ev = own.iloc[p0 + SPAN[0] : p0 + SPAN[1] + 1].copy()
    for part in (est, ev):
        part["m"] = [mkt["return"].get(d, np.nan) for d in part.date]
        lag = mkt["return"].shift(1)
        lead = mkt["return"].shift(-1)
        part["m_lag"] = [lag.get(d, np.nan) for d in part.date]
        part["m_lead"] = [lead.get(d, np.nan) for d in part.date]
    return {"est": est, "ev": ev}


def ols_reference(est: pd.DataFrame, ev: pd.DataFrame, regs: list[str]) -> dict[str, object]:
    use = est[(~est.gap) & est[[*regs, "return"]].notna().all(axis=1)] if regs else est[~est.gap]
    exog = sm.add_constant(use[regs].to_numpy(), has_constant="add") if regs else np.ones((len(use), 1))
    res = sm.OLS(use["return"].to_numpy(), exog).fit()
    cov = res.cov_params()
    out: dict[str, object] = {
        "alpha": float(res.params[0]),
        "beta": float(sum(res.params[1:])) if regs else None,
        "sigma": float(math.sqrt(res.scale)),
        "n_estimation": int(res.nobs),
        "df": float(res.df_resid),
        "resid": dict(zip(use.date.dt.strftime("%Y-%m-%d"), map(float, res.resid), strict=True)),
    }
    ar_all = []
    for _, row in ev.iterrows():
        xs = [1.0] + [row[r] for r in regs]
        ar_all.append(row["return"] - float(np.dot(xs, res.params)))
    out["ar_span"] = ar_all
    windows = {}
    for a, b in WINDOWS:
        sub = ev.iloc[a - SPAN[0] : b - SPAN[0] + 1]
        xstar = np.column_stack([np.ones(len(sub))] + [sub[r].to_numpy() for r in regs])
        pred = res.get_prediction(xstar)
        mean_cov = xstar @ cov @ xstar.T
        assert np.allclose(np.diag(mean_cov) + res.scale, pred.se_obs**2, rtol=1e-10, atol=0)
        var_car = len(sub) * res.scale + float(mean_cov.sum())  # 1'V1 incl. off-diagonals
        car = float(sum(ar_all[a - SPAN[0] : b - SPAN[0] + 1]))
        t = car / math.sqrt(var_car)
        normal = pred.predicted_mean
        bhar = float(np.prod(1 + sub["return"].to_numpy()) - np.prod(1 + normal))
        p = float(2 * stats.t.sf(abs(t), res.df_resid))
        windows[f"({a},{b})"] = {"car": car, "var_car": var_car, "t": t, "p": p, "bhar": bhar}
    out["windows"] = windows
    return out


def market_adjusted_reference(est: pd.DataFrame, ev: pd.DataFrame) -> dict[str, object]:
    use = est[(~est.gap) & est.m.notna()]
    ar = list(use["return"] - use["m"])
    var = statistics.variance(ar)  # ddof = 1
    windows = {}
    for a, b in WINDOWS:
        sub = ev.iloc[a - SPAN[0] : b - SPAN[0] + 1]
        car = float(sum(sub["return"] - sub["m"]))
        t = car / math.sqrt(len(sub) * var)
        p = float(2 * stats.t.sf(abs(t), len(ar) - 1))
        bhar = float(np.prod(1 + sub["return"]) - np.prod(1 + sub["m"]))
        windows[f"({a},{b})"] = {"car": car, "var_car": len(sub) * var, "t": t, "p": p, "bhar": bhar}
    return {"sigma": math.sqrt(var), "n_estimation": len(ar), "windows": windows}


def group_reference(per_firm: dict[str, dict[str, object]]) -> dict[str, object]:
    firms = list(per_firm)
    resid = {f: per_firm[f]["resid"] for f in firms}
    # Kolari-Pynnönen r-bar: pandas pairwise-complete correlations on calendar dates.
    wide = pd.DataFrame(resid)
    corr = wide.corr(min_periods=30).to_numpy()
    r_bar = float(np.nanmean(corr[np.triu_indices(len(firms), 1)]))
    # Residuals by relative day (estimation window position), for Brown-Warner and the rank test.
    by_rel = {}
    for f in firms:
        est = per_firm[f]["est_cells"]  # list over relative days, None where excluded
        by_rel[f] = est
    out: dict[str, object] = {"r_bar": r_bar}
    for a, b in WINDOWS:
        key = f"({a},{b})"
        cars = [per_firm[f]["windows"][key]["car"] for f in firms]
        n = len(cars)
        L = b - a + 1
        res: dict[str, list[float]] = {}
        tt = stats.ttest_1samp(cars, 0.0)
        res["cross_sectional_t"] = [float(tt.statistic), float(tt.pvalue)]
        # Brown & Warner (1985): sd of the estimation-window AAR series.
        aar_est = []
        for k in range(EST[1] - EST[0] + 1):
            vals = [by_rel[f][k] for f in firms if by_rel[f][k] is not None]
            if vals:
                aar_est.append(sum(vals) / len(vals))
        sd_aar = statistics.stdev(aar_est)
        caar = sum(sum(per_firm[f]["ar_span"][d - SPAN[0]] for f in firms) / n for d in range(a, b + 1))
        t_bw = caar / (math.sqrt(L) * sd_aar)
        res["brown_warner"] = [t_bw, float(2 * stats.t.sf(abs(t_bw), len(aar_est) - 1))]
        # Patell (1976) with the (L1-k)/(L1-k-2) variance of each standardised CAR.
        scar = [
            per_firm[f]["windows"][key]["car"] / math.sqrt(per_firm[f]["windows"][key]["var_car"])
            for f in firms
        ]
        dfs = [per_firm[f]["df"] for f in firms]
        z = sum(scar) / math.sqrt(sum(d / (d - 2) for d in dfs))
        res["patell"] = [z, float(2 * stats.norm.sf(abs(z)))]
        # BMP (1991) and the Kolari-Pynnönen (2010) adjustment.
        t_bmp = math.sqrt(n) * statistics.mean(scar) / statistics.stdev(scar)
        res["bmp"] = [t_bmp, float(2 * stats.t.sf(abs(t_bmp), n - 1))]
        t_kp = t_bmp * math.sqrt((1 - r_bar) / (1 + (n - 1) * r_bar))
        res["kolari_pynnonen"] = [t_kp, float(2 * stats.t.sf(abs(t_kp), n - 1))]
        # Corrado (1989) ranks over estimation + event span, standardised by 1 + M_i.
        u: dict[str, list[float | None]] = {}
        for f in firms:
            cells = by_rel[f] + per_firm[f]["ar_span"]
            present = [c for c in cells if c is not None and not math.isnan(c)]
            ranks = iter(stats.rankdata(present))
            u[f] = [
                None if c is None or math.isnan(c) else next(ranks) / (len(present) + 1) - 0.5 for c in cells
            ]
        ubar = []
        for k in range(len(u[firms[0]])):
            vals = [u[f][k] for f in firms if u[f][k] is not None]
            ubar.append(sum(vals) / len(vals) if vals else None)
        s_u = math.sqrt(statistics.mean(x * x for x in ubar if x is not None))
        l1 = EST[1] - EST[0] + 1
        z_r = sum(ubar[l1 + d - SPAN[0]] for d in range(a, b + 1)) / (math.sqrt(L) * s_u)
        res["corrado_rank"] = [z_r, float(2 * stats.norm.sf(abs(z_r)))]
        # Cowan (1992) generalized sign test.
        shares = []
        for f in firms:
            vals = [c for c in by_rel[f] if c is not None]
            shares.append(sum(1 for c in vals if c > 0) / len(vals))
        p_hat = sum(shares) / n
        w = sum(1 for c in cars if c > 0)
        z_s = (w - n * p_hat) / math.sqrt(n * p_hat * (1 - p_hat))
        res["generalized_sign"] = [z_s, float(2 * stats.norm.sf(abs(z_s)))]
        wil = stats.wilcoxon(cars)
        res["wilcoxon"] = [float(wil.statistic), float(wil.pvalue)]
        res["caar"] = [statistics.mean(cars), float("nan")]
        out[key] = res
    return out


def main() -> None:
    df = make_dataset()
    df.assign(date=df.date.dt.strftime("%Y-%m-%d")).to_csv(HERE / "synthetic_returns.csv", index=False)
    df = pd.read_csv(HERE / "synthetic_returns.csv", parse_dates=["date"])  # compute from the committed file
    expected: dict[str, dict[str, object]] = {"market": {}, "constant_mean": {}, "dimson": {}}
    ma: dict[str, object] = {}
    for firm in FIRMS:
        fr = firm_frames(df, firm)
        est, ev = fr["est"], fr["ev"]
        assert isinstance(est, pd.DataFrame) and isinstance(ev, pd.DataFrame)
        mm = ols_reference(est, ev, ["m"])
        resid = mm["resid"]
        assert isinstance(resid, dict)
        mm["est_cells"] = [resid.get(d) for d in est.date.dt.strftime("%Y-%m-%d")]
        expected["market"][firm] = mm
        expected["constant_mean"][firm] = ols_reference(est, ev, [])
        expected["dimson"][firm] = ols_reference(est, ev, ["m_lag", "m", "m_lead"])
        ma[firm] = market_adjusted_reference(est, ev)
    group = group_reference(expected["market"])
    meta = {"seed": SEED, "estimation_window": EST, "event_windows": WINDOWS, "day0": DAY0}
    for model, per_firm in expected.items():
        slim = {
            f: {k: v for k, v in d.items() if k not in ("resid", "est_cells")} for f, d in per_firm.items()
        }
        body = {"meta": meta, "listings": slim} | ({"group": group} if model == "market" else {})
        (HERE / f"expected_{model}.json").write_text(json.dumps(body, indent=1, allow_nan=True) + "\n")
    (HERE / "expected_market_adjusted.json").write_text(
        json.dumps({"meta": meta, "listings": ma}, indent=1) + "\n"
    )


if __name__ == "__main__":
    main()
