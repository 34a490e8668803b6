"""Extract estudy2's shipped vignette data (``data/rates.rda``, ``data/rates_indx.rda``) to CSV.

One-off conversion, run with the ``rdata`` package (not a project dependency)::

    pip install rdata
    python tests/reference/estudy2/extract_rates.py /path/to/estudy2/checkout

Source: github.com/irudnyts/estudy2 (R package estudy2 0.10.0, GPL-3), commit
14946383b9d168b1b97ebdd2a1797a2b93ba1eb4; blobs data/rates.rda
2d15c03e37e565d6b71d6a6412d91f438b426d66 and data/rates_indx.rda
5bb576f577f78a748cc1f10204529f6ec54c431f. The objects are zoo matrices of daily
continuously compounded Close-to-Close returns (``get_rates_from_prices(...,
multi_day = TRUE, compounding = "continuous")``, data-raw/rates.R) of AMZN, ZM,
UBER, NFLX, SHOP, FB, UPWK and ^GSPC, 2019-04-02..2020-04-01; NA where a
company was not yet listed. Values are written with repr() (round-trip exact).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import rdata

HERE = Path(__file__).resolve().parent


def zoo(path: Path) -> tuple[np.ndarray, list[str], np.ndarray]:
    obj = rdata.parser.parse_file(path).object.value[0]  # the one saved object
    values = obj.value
    # Attributes form an R pairlist: (dim, (index, (class, (dimnames, NULL)))).
    dim, rest = obj.attributes.value
    nrow, ncol = dim.value
    index_node, rest = rest.value
    index = index_node.value  # zoo's "index": Date = days since 1970-01-01
    _class, rest = rest.value
    dimnames = rest.value[0]
    names = [c.value.decode() for c in dimnames.value[1].value]
    return values.reshape(ncol, nrow).T, names, index


def main(root: str) -> None:
    base = Path(root) / "data"
    rates, names, days = zoo(base / "rates.rda")
    market, mnames, mdays = zoo(base / "rates_indx.rda")
    assert (days == mdays).all()
    dates = np.datetime64("1970-01-01") + days.astype("timedelta64[D]")
    with (HERE / "rates.csv").open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["date", *names, *mnames])
        for i, d in enumerate(dates):
            row = [*rates[i], *market[i]]
            w.writerow([str(d), *("" if np.isnan(v) else repr(float(v)) for v in row)])


if __name__ == "__main__":
    main(sys.argv[1])
