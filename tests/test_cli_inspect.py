"""`flywheel inspect` and the read layer's failure contract, as users call them."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, flywheel

PREAMBLE = (
    '"Includes Amazon Marketplace, Fulfillment by Amazon (FBA), and Amazon Webstore transactions"\n'
    '"All amounts in USD, unless specified"\n'
)
HEADER = (
    '"date/time","settlement id","type","order id","sku","description","quantity","marketplace","fulfillment",'
    '"order city","order state","order postal","product sales","shipping credits","gift wrap credits",'
    '"promotional rebates","sales tax collected","Marketplace Facilitator Tax","selling fees","fba fees",'
    '"other transaction fees","other","total"\n'
)
ROW = (
    '"Dec 1, 2017 12:38:23 AM PST","6503097031","Order","113-0013318-7697855","MKP-FDW8652-U","Drywall Tape",'
    '"1","amazon.com","Amazon","Town","WA","98000","57.96","0","0","0","0","0","-8.69","-10.19","0","0","{total}"\n'
)


def payments(tmp_path: Path, *rows: str, name: str = "payments.csv") -> Path:
    path = tmp_path / name
    path.write_text(PREAMBLE + HEADER + "".join(rows), encoding="utf-8")
    return path


def test_inspect_json_describes_the_file(tmp_path: Path) -> None:
    path = payments(
        tmp_path, ROW.format(total="39.08"), ROW.format(total="39.08").replace("Dec 1,", "Dec 9,")
    )
    result = flywheel("inspect", str(path), "--format", "json")
    assert result.code == 0, result.err
    assert result.err == ""
    document = json.loads(result.out)
    assert document["schema"] == "flywheel.inspect/1"
    [entry] = document["inputs"]
    assert entry["kind"] == "payments"
    assert entry["layout"] == "23-col"
    assert entry["rows"] == 2
    assert entry["period"] == {"start": "2017-12-01", "end": "2017-12-09"}
    assert entry["currency"] == "USD"
    assert entry["marketplace"] == "US"
    assert entry["header_line"] == 3
    assert entry["unknown_columns"] == []
    assert len(entry["sha256"]) == 64


def test_header_only_export_is_a_valid_empty_report(tmp_path: Path) -> None:
    path = payments(tmp_path)
    result = flywheel("inspect", str(path), "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)["inputs"][0]["rows"] == 0


def test_plain_table_lists_each_input(tmp_path: Path) -> None:
    path = payments(tmp_path, ROW.format(total="39.08"))
    result = flywheel("inspect", str(path), "--format", "plain")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "1 input(s)"
    row = next(line for line in lines if line.startswith(str(path)))
    assert row.split() == [
        str(path),
        "payments",
        "23-col",
        "en",
        "utf-8",
        "comma",
        "1",
        "2017-12-01",
        "USD",
        "US",
    ]


def test_stdin_is_read_with_dash(tmp_path: Path) -> None:
    text = PREAMBLE + HEADER + ROW.format(total="39.08")
    result = flywheel("inspect", "-", "--format", "json", stdin=text)
    assert result.code == 0, result.err
    entry = json.loads(result.out)["inputs"][0]
    assert (entry["path"], entry["kind"], entry["rows"], entry["sha256"]) == ("-", "payments", 1, None)


def test_gzip_and_zip_containers(tmp_path: Path) -> None:
    text = (PREAMBLE + HEADER + ROW.format(total="39.08")).encode()
    (tmp_path / "p.csv.gz").write_bytes(gzip.compress(text))
    with zipfile.ZipFile(tmp_path / "p.zip", "w") as archive:
        archive.writestr("inner/payments.csv", text)
    result = flywheel("inspect", str(tmp_path / "p.csv.gz"), str(tmp_path / "p.zip"), "--format", "json")
    assert result.code == 0, result.err
    entries = json.loads(result.out)["inputs"]
    assert [(e["container"], e["rows"]) for e in entries] == [("gzip", 1), ("zip", 1)]
    assert entries[1]["path"].endswith("p.zip!inner/payments.csv")


def test_digests_of_a_file_its_gzip_and_its_zip(tmp_path: Path) -> None:
    """Each input's SHA-256 is its file's (the archive's for a member); the content's is the same for
    the three. A small plain file is hashed at once; a compressed one, whose content may be many
    times larger, in a thread (reports/tally.py `_Digest`)."""
    from flywheel_cli.reports.tally import _Digest

    text = (PREAMBLE + HEADER + ROW.format(total="39.08")).encode()
    (plain := tmp_path / "p.csv").write_bytes(text)
    (gz := tmp_path / "p.csv.gz").write_bytes(gzip.compress(text))
    with zipfile.ZipFile(zipped := tmp_path / "p.zip", "w") as archive:
        archive.writestr("inner/payments.csv", text)
    result = flywheel("inspect", str(plain), str(gz), str(zipped), "--format", "json")
    assert result.code == 0, result.err
    entries = json.loads(result.out)["inputs"]
    assert [e["sha256"] for e in entries] == [
        hashlib.sha256(p.read_bytes()).hexdigest() for p in (plain, gz, zipped)
    ]
    assert [e["content_sha256"] for e in entries] == [hashlib.sha256(text).hexdigest()] * 3
    digests = [_Digest(str(plain)), _Digest(str(gz)), _Digest(f"{zipped}!inner/payments.csv")]
    assert (digests[0].thread, digests[0].value) == (None, entries[0]["sha256"])  # hashed at once
    assert [d.thread is not None for d in digests[1:]] == [True, True]  # compressed: in a thread
    assert [(d.result(), d.content) for d in digests] == [(e["sha256"], e["content_sha256"]) for e in entries]


def test_folder_walk_skips_files_that_are_not_reports(tmp_path: Path) -> None:
    payments(tmp_path, ROW.format(total="39.08"))
    (tmp_path / "notes.txt").write_text("call the supplier\nabout the lamps\n", encoding="utf-8")
    (tmp_path / "flywheel.yaml").write_text("currency: USD\n", encoding="utf-8")
    result = flywheel("inspect", str(tmp_path), "--format", "json")
    assert result.code == 0, result.err
    document = json.loads(result.out)
    assert [Path(e["path"]).name for e in document["inputs"]] == ["payments.csv"]
    assert [Path(s["path"]).name for s in document["skipped"]] == ["notes.txt"]
    assert result.err.startswith(f"{tmp_path / 'notes.txt'}: warning: skipped: not a report flywheel knows")


# --- bad input: exit 2, one located line on stderr (+ hint), nothing on stdout, no traceback ----------


def _assert_bad(result: object, location: str, message: str, hint: str | None = None) -> None:
    code, out, err = result.code, result.out, result.err  # type: ignore[attr-defined]
    assert code == 2, err
    assert out == ""
    lines = err.splitlines()
    assert lines[0].startswith(f"{location}: error: "), err
    assert message in lines[0]
    assert "Traceback" not in err
    if hint is None:
        assert len(lines) <= 2
    else:
        assert lines[1].startswith("hint: ") and hint in lines[1], err


def test_missing_path() -> None:
    _assert_bad(flywheel("inspect", "no/such/file.csv"), "no/such/file.csv", "no such file")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    _assert_bad(flywheel("inspect", str(path)), str(path), "the file is empty", "download the report again")


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.csv"
    path.write_bytes(bytes(range(256)) * 4)
    _assert_bad(flywheel("inspect", str(path)), str(path), "binary file", "flywheel reads CSV")


def test_an_unknown_table_sharing_one_name_with_a_kind_is_not_close_to_it(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_text("Date,Description,Amount,Balance\n2026-10-01,Coffee,-3.50,100.00\n", encoding="utf-8")
    result = flywheel("inspect", str(path))
    _assert_bad(
        result, str(path), "not a report flywheel knows", "flywheel reads Seller Central and Amazon Ads"
    )
    assert "closest kinds" not in result.err
    assert "--kind" in result.err


def test_truncated_file(tmp_path: Path) -> None:
    cut = '","'.join(ROW.split('","')[:10]) + '"\n'  # the last row stops after 10 of 23 fields
    path = payments(tmp_path, ROW.format(total="39.08"), cut)
    _assert_bad(
        flywheel("inspect", str(path)), f"{path}:5", "row has 10 fields; the header has 23", "truncated"
    )


def test_truncated_inside_a_quoted_field(tmp_path: Path) -> None:
    path = payments(
        tmp_path, ROW.format(total="39.08"), '"Dec 2, 2017 1:00:00 AM PST","6503097031","Order","11'
    )
    result = flywheel("inspect", str(path))
    _assert_bad(result, f"{path}:5", "the file ends inside a quoted field", "truncated")


def test_non_number_in_a_money_column(tmp_path: Path) -> None:
    path = payments(tmp_path, ROW.format(total="39.08"), ROW.format(total="12.3x"))
    result = flywheel("inspect", str(path))
    _assert_bad(
        result, f"{path}:5:23", "an amount was expected in column 'total', found '12.3x'", "re-download"
    )


def test_fake_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ads.xlsx"
    path.write_text("this is not a workbook", encoding="utf-8")
    _assert_bad(flywheel("inspect", str(path)), str(path), "not a real .xlsx file", "save it again")


def test_unknown_kind_override(tmp_path: Path) -> None:
    path = payments(tmp_path, ROW.format(total="39.08"))
    result = flywheel("inspect", str(path), "--kind", "settlements")
    assert result.code == 2
    assert "unknown report kind 'settlements'" in result.err
    assert "payments" in result.err


def test_kind_override_that_does_not_fit(tmp_path: Path) -> None:
    path = payments(tmp_path, ROW.format(total="39.08"))
    result = flywheel("inspect", str(path), "--kind", "fba-returns")
    _assert_bad(
        result, str(path), "not an fba-returns report", "closest kinds: fba-returns (lacks 'return-date'"
    )


def test_output_file_is_not_written_on_failure(tmp_path: Path) -> None:
    bad = payments(tmp_path, ROW.format(total="oops"))
    target = tmp_path / "out.json"
    result = flywheel("inspect", str(bad), "--format", "json", "--output", str(target))
    assert result.code == 2
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_output_file_is_written_on_success(tmp_path: Path) -> None:
    good = payments(tmp_path, ROW.format(total="39.08"))
    target = tmp_path / "out.json"
    result = flywheel("inspect", str(good), "--format", "json", "--output", str(target))
    assert (result.code, result.out) == (0, "")
    assert json.loads(target.read_text())["inputs"][0]["rows"] == 1


def test_wrong_encoding_override_is_located(tmp_path: Path) -> None:
    path = FIXTURES / "reports" / "payments" / "jp-28col.csv"
    if not path.exists():
        pytest.skip("fixture not present")
    result = flywheel("inspect", str(path), "--encoding", "utf-8")
    assert result.code == 2
    assert result.err.startswith(f"{path}:1:8: error: cannot decode byte 0x83 (utf-8)\n")
    assert "--encoding" in result.err


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("business-report/zh-child-gbk.csv", "gbk"),
        ("payments/jp-28col.csv", "cp932"),
        ("payments/es-27col.csv", "cp1252"),
    ],
)
def test_legacy_encodings_are_told_apart_on_stdin_too(name: str, encoding: str) -> None:
    """Standard input is read once, so the encoding is chosen before reading: the one under which the
    first 64 KiB show a known header."""
    path = FIXTURES / "reports" / name
    from_file = flywheel("inspect", str(path), "--format", "json")
    done = subprocess.run([sys.executable, "-m", "flywheel_cli", "inspect", "-", "--format", "json"],
                          input=path.read_bytes(), capture_output=True, check=False)  # fmt: skip
    assert (done.returncode, done.stderr, from_file.code) == (0, b"", 0)
    piped, filed = json.loads(done.stdout)["inputs"][0], json.loads(from_file.out)["inputs"][0]
    assert piped["encoding"] == filed["encoding"] == encoding
    assert {k: v for k, v in piped.items() if k not in {"path", "sha256", "content_sha256"}} == {
        k: v for k, v in filed.items() if k not in {"path", "sha256", "content_sha256"}
    }
