"""Expected values for the added tests, the Scholes-Williams model, the "simple" conventions and
per-event estimation windows, computed WITHOUT marketreact.

Run from the repository root (after ``make_reference.py``, whose committed
``synthetic_returns.csv`` and firm framing it reuses)::

    .venv/bin/python tests/reference/make_reference_extra.py

Writes ``expected_extra.json``. Every statistic is a plain loop over firms and
days written from the papers, with scipy/statsmodels only for ranks,
distributions and OLS:

* J1: Campbell, Lo & MacKinlay (1997) eq. 4.4.22 (Brown & Warner 1980's "sum of
  variances"): CAAR / sqrt(sum_i var(CAR_i) / N^2).
* Lamb (1995) as in estudy2's ``lamb``/``car_lamb``: z_t = AAR_t / (sd(AAR_est)
  sqrt(1 + 1/M + (Rm_t - mean Rm)^2 / sum (Rm - mean Rm)^2)), window sum z_t / sqrt(L);
  Rm_t here is the cross-firm mean market return on relative day t (SYN3 has another day 0).
* Sign test: (w - N/2) / sqrt(N/4).
* Corrado & Zivney (1992) sign test: G = sign(AR - median) over estimation + event span.
* GRANK: Kolari & Pynnönen (2011) section 2, with SAR = AR / sigma_i and the
  cross-sectionally rescaled SCAR as the event-day cell.
* Wilcoxon W+ / W-: rank sums by scipy.stats.rankdata, p by scipy.stats.wilcoxon.
* Scholes & Williams (1977): three simple slopes with numpy.cov, rho with numpy.corrcoef;
  the CAR variance in the market-model form with (X'X)^-1 = statsmodels cov_params / scale.
"""

from __future__ import annotations

import json
import math
import statistics
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_reference as base  # noqa: E402  (the sibling script, not marketreact)

# Per-event estimation windows for two firms (the rest keep base.EST).
OWN_WINDOWS = {"SYN1": (-120, -11), "SYN4": (-140, -20)}


def _z(stat: float) -> list[float]:
    return [stat, float(2 * stats.norm.sf(abs(stat)))]


def extra_group(per_firm: dict[str, dict]) -> dict[str, object]:
    firms = list(per_firm)
    n = len(firms)
    l1 = base.EST[1] - base.EST[0] + 1
    out: dict[str, object] = {}
    for a, b in base.WINDOWS:
        key = f"({a},{b})"
        length = b - a + 1
        cars = [per_firm[f]["windows"][key]["car"] for f in firms]
        var_cars = [per_firm[f]["windows"][key]["var_car"] for f in firms]
        res: dict[str, list[float]] = {}
        caar = sum(cars) / n
        res["j1"] = _z(caar / math.sqrt(sum(var_cars) / n**2))
        # Lamb: portfolio of ARs by relative day, with the cross-firm mean market return.
        aar_est, rm_est = [], []
        for k in range(l1):
            cells = [(per_firm[f]["est_cells"][k], per_firm[f]["m_est"][k]) for f in firms]
            cells = [c for c in cells if c[0] is not None]
            if cells:
                aar_est.append(sum(c[0] for c in cells) / len(cells))
                rm_est.append(sum(c[1] for c in cells) / len(cells))
        m = len(aar_est)
        sd = statistics.stdev(aar_est)
        rm_bar = sum(rm_est) / m
        sxx = sum((x - rm_bar) ** 2 for x in rm_est)
        z_sum = 0.0
        for d in range(a, b + 1):
            i = d - base.SPAN[0]
            aar = sum(per_firm[f]["ar_span"][i] for f in firms) / n
            rm = sum(per_firm[f]["m_ev"][i] for f in firms) / n
            z_sum += aar / (sd * math.sqrt(1 + 1 / m + (rm - rm_bar) ** 2 / sxx))
        res["lamb"] = _z(z_sum / math.sqrt(length))
        wins = sum(1 for c in cars if c > 0)
        res["sign"] = _z((wins - n / 2) / math.sqrt(n / 4))
        # Corrado-Zivney sign test over estimation cells + the whole event span.
        signs: dict[str, list[float | None]] = {}
        for f in firms:
            cells = per_firm[f]["est_cells"] + per_firm[f]["ar_span"]
            med = statistics.median(c for c in cells if c is not None)
            signs[f] = [None if c is None else float(np.sign(c - med)) for c in cells]
        total_days = len(signs[firms[0]])
        sums, counts = [], []
        for t in range(total_days):
            vals = [signs[f][t] for f in firms if signs[f][t] is not None]
            sums.append(sum(vals))
            counts.append(len(vals))
        used = [t for t in range(total_days) if counts[t] > 0]
        s = math.sqrt(sum(sums[t] ** 2 / counts[t] for t in used) / len(used))
        z_days = [
            sums[l1 + d - base.SPAN[0]] / (math.sqrt(counts[l1 + d - base.SPAN[0]]) * s)
            for d in range(a, b + 1)
        ]
        res["corrado_zivney_sign"] = _z(sum(z_days) / math.sqrt(length))
        # GRANK (Kolari & Pynnönen 2011).
        scar = [c / math.sqrt(v) for c, v in zip(cars, var_cars, strict=True)]
        sd_scar = statistics.stdev(scar)
        u: dict[str, list[float | None]] = {}
        for f, sc in zip(firms, scar, strict=True):
            sigma = per_firm[f]["sigma"]
            cells = [None if c is None else c / sigma for c in per_firm[f]["est_cells"]] + [sc / sd_scar]
            present = [c for c in cells if c is not None]
            ranks = iter(stats.rankdata(present))
            u[f] = [None if c is None else next(ranks) / (len(present) + 1) - 0.5 for c in cells]
        t_days = 0
        acc = 0.0
        for t in range(l1 + 1):
            vals = [u[f][t] for f in firms if u[f][t] is not None]
            if vals:
                t_days += 1
                acc += (len(vals) / n) * (sum(vals) / len(vals)) ** 2
        z = (sum(u[f][l1] for f in firms) / n) / math.sqrt(acc / t_days)
        t_g = z * math.sqrt((t_days - 2) / (t_days - 1 - z * z))
        res["grank"] = [t_g, float(2 * stats.t.sf(abs(t_g), t_days - 2))]
        nonzero = [c for c in cars if c != 0]
        ranks = stats.rankdata([abs(c) for c in nonzero])
        p = float(stats.wilcoxon(cars).pvalue)
        res["wilcoxon_w_plus"] = [float(sum(r for r, c in zip(ranks, nonzero, strict=True) if c > 0)), p]
        res["wilcoxon_w_minus"] = [float(sum(r for r, c in zip(ranks, nonzero, strict=True) if c < 0)), p]
        out[key] = res
    return out


def scholes_williams(est: pd.DataFrame, ev: pd.DataFrame) -> dict[str, object]:
    use = est[(~est.gap) & est[["return", "m", "m_lag", "m_lead"]].notna().all(axis=1)]
    r = use["return"].to_numpy()
    slopes = [
        np.cov(r, use[c].to_numpy())[0, 1] / np.var(use[c].to_numpy(), ddof=1)
        for c in ("m_lag", "m", "m_lead")
    ]
    rho = float(np.corrcoef(use["m"].to_numpy(), use["m_lag"].to_numpy())[0, 1])
    beta = float(sum(slopes) / (1 + 2 * rho))
    alpha = float(r.mean() - beta * use["m"].mean())
    resid = r - alpha - beta * use["m"].to_numpy()
    n = len(r)
    s2 = float((resid**2).sum() / (n - 2))
    ols = sm.OLS(r, sm.add_constant(use["m"].to_numpy())).fit()
    xtx_inv = ols.cov_params() / ols.scale
    windows = {}
    for a, b in base.WINDOWS:
        sub = ev.iloc[a - base.SPAN[0] : b - base.SPAN[0] + 1]
        ar = sub["return"].to_numpy() - alpha - beta * sub["m"].to_numpy()
        xstar = np.column_stack([np.ones(len(sub)), sub["m"].to_numpy()])
        var_car = s2 * (len(sub) + float((xstar @ xtx_inv @ xstar.T).sum()))
        car = float(ar.sum())
        t = car / math.sqrt(var_car)
        windows[f"({a},{b})"] = {
            "car": car,
            "var_car": var_car,
            "t": t,
            "p": float(2 * stats.t.sf(abs(t), n - 2)),
        }
    return {"alpha": alpha, "beta": beta, "sigma": math.sqrt(s2), "n_estimation": n, "windows": windows}


def simple_conventions(est: pd.DataFrame, ev: pd.DataFrame) -> dict[str, object]:
    """Market model, sigma^2 = SSR / n (ddof 0), var(CAR) = L sigma^2, df = n - 2."""
    use = est[(~est.gap) & est[["m", "return"]].notna().all(axis=1)]
    res = sm.OLS(use["return"].to_numpy(), sm.add_constant(use["m"].to_numpy())).fit()
    s2 = float(res.ssr / res.nobs)
    windows = {}
    for a, b in base.WINDOWS:
        sub = ev.iloc[a - base.SPAN[0] : b - base.SPAN[0] + 1]
        car = float((sub["return"] - res.params[0] - res.params[1] * sub["m"]).sum())
        var_car = len(sub) * s2
        t = car / math.sqrt(var_car)
        windows[f"({a},{b})"] = {
            "car": car,
            "var_car": var_car,
            "t": t,
            "p": float(2 * stats.t.sf(abs(t), res.df_resid)),
        }
    return {"sigma": math.sqrt(s2), "windows": windows}


def main() -> None:
    df = pd.read_csv(HERE / "synthetic_returns.csv", parse_dates=["date"])
    per_firm: dict[str, dict] = {}
    sw: dict[str, object] = {}
    simple: dict[str, object] = {}
    own: dict[str, object] = {}
    for firm in base.FIRMS:
        fr = base.firm_frames(df, firm)
        est, ev = fr["est"], fr["ev"]
        assert isinstance(est, pd.DataFrame) and isinstance(ev, pd.DataFrame)
        mm = base.ols_reference(est, ev, ["m"])
        resid = mm["resid"]
        assert isinstance(resid, dict)
        days = list(est.date.dt.strftime("%Y-%m-%d"))
        mm["est_cells"] = [resid.get(d) for d in days]
        mm["m_est"] = [
            float(x) if resid.get(d) is not None else None for d, x in zip(days, est.m, strict=True)
        ]
        mm["m_ev"] = [float(x) for x in ev.m]
        per_firm[firm] = mm
        sw[firm] = scholes_williams(est, ev)
        simple[firm] = simple_conventions(est, ev)
        a, b = OWN_WINDOWS.get(firm, base.EST)
        sub = est.iloc[a - base.EST[0] : b - base.EST[0] + 1]
        own_ref = base.ols_reference(sub, ev, ["m"])
        own[firm] = {k: v for k, v in own_ref.items() if k not in ("resid", "ar_span")}
    body = {
        "meta": {"seed": base.SEED, "estimation_window": base.EST, "own_windows": OWN_WINDOWS},
        "group_market": extra_group(per_firm),
        "scholes_williams": sw,
        "simple_market": simple,
        "own_windows_market": own,
    }
    (HERE / "expected_extra.json").write_text(json.dumps(body, indent=1) + "\n")


if __name__ == "__main__":
    main()
