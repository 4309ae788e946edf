"""A file flywheel cannot read gets a message a seller can act on, and a strict gate fails on it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from flywheel_cli.reports.unknown import guess_language
from tests.conftest import EXAMPLE, FIXTURES, flywheel

BUSINESS = FIXTURES / "reports" / "business-report" / "us-child-22col.csv"

# A Payments Date Range Report as the Turkish marketplace would write it: the reference found no
# real Turkish file, so flywheel must say what it is rather than guess its columns.
TURKISH_PAYMENTS = (
    '"Amazon Pazaryeri ve Amazon Lojistik işlemlerini içerir"\n'
    '"Aksi belirtilmedikçe tüm tutarlar TRY cinsindendir"\n'
    '"Tanımlar:"\n'
    '"tarih/saat","ödeme kimliği","tür","sipariş numarası","sku","açıklama","miktar","pazar yeri",'
    '"hesap türü","gönderim","sipariş şehri","sipariş eyaleti","sipariş posta kodu","vergi toplama modeli",'
    '"ürün satışları","ürün satış vergisi","kargo kredileri","kargo kredisi vergisi","hediye paketi kredileri",'
    '"promosyon indirimleri","pazaryeri tarafından tutulan vergi","satış ücretleri","fba ücretleri",'
    '"diğer işlem ücretleri","diğer","toplam"\n'
    '"1 Eki 2026 10:00:00 GMT+3","1","Sipariş","402-1","S-1","Kupa","1","amazon.com.tr","","Amazon","","","","",'
    '"100","0","0","0","0","0","0","-15","-20","0","0","65"\n'
)


def test_a_report_in_a_language_flywheel_does_not_read_names_the_language_and_the_family(
    tmp_path: Path,
) -> None:
    path = tmp_path / "2026Oct-Payments.csv"
    path.write_text(TURKISH_PAYMENTS, encoding="utf-8")
    done = flywheel("kpis", str(path))
    assert done.code == 2
    assert done.out == ""
    lines = done.err.splitlines()
    assert (
        lines[0] == f"{path}: error: not a report flywheel knows: no known header row in the first 50 lines"
    )
    assert lines[1] == (
        "hint: its header looks Turkish (a Payments Date Range Report, by its preamble and columns); flywheel "
        "does not read Turkish headers yet: download the report with Seller Central's language set to English"
    )
    assert len(lines) == 2  # no "closest kinds" sent the wrong way by a shared `sku` column


def test_closest_kinds_name_the_header_names_a_damaged_header_lacks(tmp_path: Path) -> None:
    header, *rows = BUSINESS.read_text(encoding="utf-8").splitlines()
    cells = header.split(",")
    damaged = ",".join(c if c != "Units Ordered" else "Units" for c in cells)
    path = tmp_path / "BusinessReport.csv"
    path.write_text("\n".join([damaged, *rows]) + "\n", encoding="utf-8")
    done = flywheel("inspect", str(path))
    assert done.code == 2
    hint = done.err.splitlines()[1]
    assert hint.startswith("hint: closest kinds: business-report (lacks 'Units Ordered')")
    assert hint.endswith("; force a kind with --kind")
    assert "units_ordered" not in done.err  # header names as the export writes them, never field names


def test_forcing_a_kind_whose_columns_the_header_lacks_names_them() -> None:
    done = flywheel("kpis", str(BUSINESS), "--kind", "payments")
    assert done.code == 2
    assert done.err.splitlines() == [
        f"{BUSINESS}: error: not a payments report: no header row with its columns in the first 50 lines",
        "hint: closest kinds: payments (lacks 'date/time', 'type', 'total')",
    ]


def test_a_header_with_nothing_in_common_gets_no_empty_closest_list(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("Supplier,Phone,Clicks\nAcme,555,3\n", encoding="utf-8")
    done = flywheel("inspect", str(path))
    assert done.code == 2
    assert "closest kinds" not in done.err
    assert done.err.splitlines()[1] == (
        "hint: flywheel reads Seller Central and Amazon Ads exports; `flywheel inspect PATH` says what each is; "
        "force a kind with --kind"
    )


def test_language_guesses() -> None:
    assert guess_language(["data/godzina", "identyfikator rozliczenia", "typ"]) == "pl"
    assert guess_language(["datum/tijd", "schikkings-ID", "type", "bestelnummer"]) == "nl"
    assert guess_language(["التاريخ", "النوع"]) == "ar"
    assert guess_language(["日付", "注文番号"]) == "zh"  # kanji alone do not tell Japanese from Chinese
    assert guess_language(["注文の日付", "タイプ"]) == "ja"
    assert guess_language(["date/time", "settlement id", "type"]) is None


def _store_with_an_unknown_file(tmp_path: Path) -> Path:
    store = tmp_path / "exports"
    shutil.copytree(EXAMPLE, store)
    (store / "2026Oct-Payments-TR.csv").write_text(TURKISH_PAYMENTS, encoding="utf-8")
    return store


def test_a_folder_walk_skips_an_unknown_file_with_its_hint_and_exits_0(tmp_path: Path) -> None:
    store = _store_with_an_unknown_file(tmp_path)
    done = flywheel("kpis", str(store), "--format", "json")
    assert done.code == 0
    assert f"{store / '2026Oct-Payments-TR.csv'}: warning: skipped: not a report flywheel knows" in done.err
    assert "hint: its header looks Turkish" in done.err
    inspected = json.loads(flywheel("inspect", str(store), "--format", "json").out)
    [skipped] = inspected["skipped"]
    assert skipped["path"].endswith("2026Oct-Payments-TR.csv")
    assert skipped["hint"].startswith("its header looks Turkish")


def test_the_strict_gate_fails_on_an_unread_file_and_passes_without_it(tmp_path: Path) -> None:
    store = _store_with_an_unknown_file(tmp_path)
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "pack: mine\nversion: 1\nrules:\n  - id: some-sales\n    metric: gross_sales\n    error: {below: 1}\n",
        encoding="utf-8",
    )
    for option in ("--strict", "--fail-on-missing"):
        done = flywheel("check", str(store), "--rules", str(rules), option, "--format", "json")
        assert done.code == 1, option
        assert json.loads(done.out)["summary"]["errors"] == 0  # the rule passed: the unread file failed it
        assert (
            f"1 input file was not read (see above): {option} fails the gate on them; move them out of the folder, "
            "or read them with --kind if flywheel misjudged them"
        ) in done.err
    assert flywheel("check", str(store), "--rules", str(rules), "--format", "json").code == 0
    (store / "2026Oct-Payments-TR.csv").unlink()
    assert flywheel("check", str(store), "--rules", str(rules), "--strict", "--format", "json").code == 0
