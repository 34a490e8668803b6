"""The world security master importer: normalisation rules, grouping traps, curated override, determinism.

Fixtures under ``tests/fixtures/securities/src`` are tiny hand-written files in each source's real format
(``make_fixtures.py`` regenerates them); ``expected/`` holds the golden output of a build on them, reviewed by
hand row by row when it was created.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path

import pandas as pd
import pytest

from marketreact.errors import InvalidParameter
from marketreact.reference.importers import _common as c
from marketreact.reference.importers.build import build
from marketreact.reference.importers.venues import FD_EXCHANGE_MIC, SUFFIX_MIC, VENUES

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures" / "securities"
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "data" / "securities"
OUTPUTS = ("world_companies.csv.gz", "world_listings.csv.gz", "world_manifest.csv")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("master")
    build(FIX / "src", out, FIX / "curated", out / "venues_needed.csv")
    return out


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def listings(built: Path) -> pd.DataFrame:
    return _read(built / "world_listings.csv.gz").set_index("symbol")


@pytest.fixture(scope="module")
def companies(built: Path) -> pd.DataFrame:
    return _read(built / "world_companies.csv.gz").set_index("company_id")


# --- normalisation rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["BRK.B", "BRK/B", "BRK B", "brk.b"])
def test_us_share_class_to_yahoo_form(raw: str) -> None:
    assert c.us_symbol(raw) == "BRK-B"


def test_us_symbol_without_class_is_unchanged() -> None:
    assert c.us_symbol("AAPL") == "AAPL"


@pytest.mark.parametrize(("code", "yahoo"), [("00700", "0700.HK"), ("00005", "0005.HK"), ("09988", "9988.HK"),
                                             ("80700", "80700.HK")])  # fmt: skip
def test_hk_codes_four_digits_below_10000(code: str, yahoo: str) -> None:
    assert c.hk_symbol(code) == yahoo


def test_tokyo_alphanumeric_code_kept() -> None:
    assert c.jp_symbol("130a") == "130A.T"


def test_suffix_follows_the_board(listings: pd.DataFrame) -> None:
    assert listings.loc["2330.TW", "mic"] == "XTAI"
    assert listings.loc["6488.TWO", "mic"] == "ROCO"
    assert listings.loc["005930.KS", "mic"] == "XKRX"
    assert listings.loc["035720.KQ", "mic"] == "XKOS"
    assert listings.loc["600519.SS", "mic"] == "XSHG"
    assert listings.loc["000001.SZ", "mic"] == "XSHE"
    assert SUFFIX_MIC[".TWO"] == "ROCO" and SUFFIX_MIC[".TW"] == "XTAI"


def test_every_source_exchange_maps_to_a_known_venue() -> None:
    assert set(FD_EXCHANGE_MIC.values()) <= set(VENUES)
    assert VENUES["XATH"].calendar == ""  # exchange_calendars 4.x cannot build ASEX: Athens stays uncovered


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("Alcoa Corporation Common Stock ", "Alcoa Corporation"),
        ("Hon Hai Precision Industry Co., Ltd. Sponsored GDR RegS", "Hon Hai Precision Industry Co., Ltd."),
        ("ASML Holding N.V. - New York Registry Shares", "ASML Holding N.V."),
        ("Alphabet Inc. - Class A Common Stock", "Alphabet Inc."),
        ("BANK OF MONTREAL /CAN/", "BANK OF MONTREAL"),
        ("TOYOTA MOTOR CORP/", "TOYOTA MOTOR CORP"),
    ],
)
def test_clean_name_strips_security_descriptors(name: str, cleaned: str) -> None:
    assert c.clean_name(name) == cleaned


@pytest.mark.parametrize(
    ("name", "stripped"),
    [
        ("Toyota Motor Corporation", "Toyota Motor"),
        ("Samsung Electronics Co., Ltd.", "Samsung Electronics"),
        ("Tencent Holdings Ltd", "Tencent Holdings"),  # Holdings is not a legal form: kept
        ("BP p.l.c.", "BP"),
        ("SAP SE", "SAP"),
        ("BHG Group AB (publ)", "BHG Group"),
    ],
)
def test_strip_legal_suffix_only(name: str, stripped: str) -> None:
    assert c.strip_legal_suffix(name) == stripped


def test_name_key_separates_group_members() -> None:
    keys = {c.name_key(n) for n in ("Mitsubishi Corporation", "Mitsubishi Motors Corporation",
                                    "Mitsubishi UFJ Financial Group, Inc.", "Toyota Motor Corporation",
                                    "Toyota Industries Corporation", "Samsung Electronics Co., Ltd.",
                                    "Samsung SDI Co., Ltd.", "Hyundai Motor Company", "Hyundai Mobis Co.,Ltd")}  # fmt: skip
    assert len(keys) == 9
    assert c.name_key("Tencent Holding Ltd.") == c.name_key("Tencent Holdings Limited")


@pytest.mark.parametrize(
    ("security", "ratio"),
    [("X Corp American Depositary Shares, each representing ten ordinary shares", 10.0),
     ("Y plc ADS, each representing 4 ordinary shares", 4.0), ("Z Corp American Depositary Shares", None)],
)  # fmt: skip
def test_adr_ratio_only_when_stated(security: str, ratio: float | None) -> None:
    assert c.adr_ratio(security) == ratio


def test_korean_preferred_codes() -> None:
    assert c.is_kr_preferred("005935.KS") and not c.is_kr_preferred("005930.KS")


# --- drops, counted --------------------------------------------------------------------------------------


def test_non_equities_are_dropped_and_counted(built: Path, listings: pd.DataFrame) -> None:
    for gone in ("EXSPW", "ZXZZT", "BFH-A", "AA261.AS", "005935.KS", "9998.T", "8301.T", "9999.T", "SMSN.IL",
                 "ODDX", "NOVN", "ABCDW", "2881A.TW", "BMXU", "BMO-PB.TO", "AT0000A2FFW8.VI"):  # fmt: skip
        assert gone not in listings.index, gone
    rules = (
        _read(built / "world_manifest.csv").query("section == 'rule'").set_index("key")["count"].astype(int)
    )
    assert rules["dropped_warrant"] == 5  # nasdaq W, SEC OTC 5th letter W, TW warrant, HK warrant, v1 PNK W
    assert rules["dropped_test_issue"] == 1
    assert rules["dropped_preferred"] == 3  # ACT "$" symbol, TW 特別股, Toronto -PB series
    assert rules["dropped_preferred_kr_code"] == 1
    assert rules["dropped_note"] == 3  # FD bond line, HK debt security, an ETN flagged ETF=Y
    assert rules["dropped_isin_symbol_certificate"] == 1
    assert rules["sec_fund_row_ignored"] == 1
    assert rules["dropped_fd_delisted"] == 1
    assert rules["dropped_jp_delisted"] == 1
    assert rules["exchange_unmapped"] == 3  # FD IOB, other-listed code X, worldstock index ^KS11
    assert rules["fd_isin_untrusted_dropped"] == 2  # US ADR ISINs on 7203.T / 6201.T (PROVENANCE defect)


def test_fd_adr_isin_on_home_line_is_not_kept(listings: pd.DataFrame) -> None:
    assert listings.loc["6201.T", "isin"] == ""
    assert listings.loc["SAP.DE", "isin"] == "DE0007164600"


# --- grouping traps --------------------------------------------------------------------------------------


def test_group_members_stay_apart(listings: pd.DataFrame) -> None:
    ids = listings["company_id"]
    assert len({ids["8058.T"], ids["7211.T"], ids["8306.T"]}) == 3
    assert ids["6201.T"] != "toyota"
    assert ids["005930.KS"] != ids["006400.KS"]
    assert ids["005380.KS"] != ids["012330.KS"]


def test_home_adr_and_otc_lines_share_a_company(listings: pd.DataFrame) -> None:
    ids = listings["company_id"]
    assert ids["6201.T"] == ids["TYIDF"] == ids["TYIDY"]  # name + country (2023 OTC list)
    assert ids["7211.T"] == ids["MMTOF"]
    assert ids["8058.T"] == ids["MSBHF"]
    assert ids["BRK-A"] == ids["BRK-B"]  # SEC CIK
    assert ids["ASML"] == ids["ASML.AS"]
    assert ids["0700.HK"] == ids["80700.HK"]  # HKD and RMB counters: one ISIN
    assert ids["BMO"] == ids["BMO.TO"]


def test_fund_never_joins_its_sponsor(listings: pd.DataFrame) -> None:
    # BMXF shares Bank of Montreal's CIK in the SEC file; a fund is not its sponsor.
    assert listings.loc["BMXF", "company_id"] != listings.loc["BMO", "company_id"]
    assert listings.loc["BMXF", "name"] == "Example Fund Sector ETF"


def test_primary_rule(listings: pd.DataFrame) -> None:
    types = listings["listing_type"]
    assert types["6201.T"] == "primary" and types["TYIDY"] == "adr" and types["TYIDF"] == "otc_ordinary"
    assert types["ASML.AS"] == "primary" and types["ASML"] == "secondary"  # home country first
    assert types["0700.HK"] == "primary" and types["80700.HK"] == "secondary"
    assert types["QQQ"] == "etf" and types["2800.HK"] == "etf"
    assert types["BMO.TO"] == "primary" and types["BMO"] == "secondary"


def test_stale_flag_only_for_lines_no_current_source_has(listings: pd.DataFrame) -> None:
    assert listings.loc["TYIDF", "stale"] == "1"
    assert listings.loc["TOYOF", "stale"] == "0"  # SEC 2026 also lists it


def test_group_prefix_is_not_an_alias(companies: pd.DataFrame, listings: pd.DataFrame) -> None:
    corp = companies.loc[listings.loc["8058.T", "company_id"]]
    assert "Mitsubishi" not in corp["aliases"].split("|")
    assert "Mitsubishi Corporation" in corp["aliases"].split("|")


# --- curated override ------------------------------------------------------------------------------------


def test_curated_symbols_dropped_and_company_takes_curated_id(
    listings: pd.DataFrame, companies: pd.DataFrame
) -> None:
    for sym in ("7203.T", "TM", "7201.T", "NSANY", "2317.TW", "SPY"):
        assert sym not in listings.index
    assert listings.loc["TOYOF", "company_id"] == "toyota"
    assert listings.loc["TOM.DE", "company_id"] == "toyota"
    assert companies.loc["toyota", "name"] == "Toyota Motor"
    assert (
        companies.loc["toyota", "aliases"] == "Toyota|Toyota Motor|Toyota Motor Corp|Toyota Motor Corporation"
    )


# --- golden output and determinism -----------------------------------------------------------------------


@pytest.mark.parametrize("name", [*OUTPUTS, "venues_needed.csv"])
def test_golden_output(built: Path, name: str) -> None:
    assert (built / name).read_bytes() == (FIX / "expected" / name).read_bytes()


def test_build_twice_gives_same_bytes(built: Path, tmp_path: Path) -> None:
    build(FIX / "src", tmp_path, FIX / "curated", tmp_path / "venues_needed.csv")
    for name in OUTPUTS:
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes()


def test_gzip_header_has_no_mtime_or_name(built: Path) -> None:
    raw = (built / "world_listings.csv.gz").read_bytes()
    assert raw[4:8] == b"\0\0\0\0" and not raw[3] & 0x08  # MTIME zero, FNAME flag unset
    assert gzip.decompress(raw).startswith(b"symbol,company_id,name,mic,listing_type,")


def test_manifest_lists_each_file_with_checksum(built: Path) -> None:
    man = _read(built / "world_manifest.csv")
    files = man[man["section"] == "file"].set_index("path")
    src = FIX / "src" / "jp" / "data_j.xls"
    assert files.loc["jp/data_j.xls", "sha256"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert files.loc["jp/data_j.xls", "rows_read"] == "9"
    assert len(files) == 26


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InvalidParameter, match="root"):
        build(tmp_path / "nope", tmp_path)


def test_missing_source_file_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "us").mkdir()
    with pytest.raises(InvalidParameter, match=r"nasdaq-listed-symbols\.csv"):
        build(tmp_path, tmp_path / "out")


def test_cli_prints_rows_per_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from marketreact.cli import main

    assert main(["data", "import-securities", str(FIX / "src"), "--dest", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "jp_jpx_list" in out and "listings" in out
    assert (tmp_path / "world_listings.csv.gz").exists()
    assert (tmp_path / "venues_needed.csv").exists()


# --- the committed master is a fresh build of the staged sources ---------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/securities not staged")
def test_committed_master_matches_fresh_build(tmp_path: Path) -> None:
    build(SHARED, tmp_path, REPO / "data" / "securities", tmp_path / "venues_needed.csv")
    for name in OUTPUTS:
        fresh = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        committed = hashlib.sha256((REPO / "data" / "securities" / name).read_bytes()).hexdigest()
        assert fresh == committed, name
    venues = (REPO / "data" / "reference" / "venues_needed.csv").read_bytes()
    assert (tmp_path / "venues_needed.csv").read_bytes() == venues
    listings = pd.read_csv(
        io.BytesIO(gzip.decompress((tmp_path / "world_listings.csv.gz").read_bytes())), dtype=str
    )
    assert len(listings) > 100_000
