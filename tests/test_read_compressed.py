"""Compressed inputs: JSONL, JSON and CSV inside gzip, zstd or bz2 are read as they are, the format
from the name before the compression suffix, the compression from the file's first bytes; a damaged
or misnamed file and a compressed parquet get one sentence that says what to do."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from compressed_fixtures import COMPRESS, compress_file

from curation.errors import CurateError
from curation.files import sha256_of
from curation.read import infer_format, parse_name, read_dataset, read_many

HH = Path(__file__).parent / "data" / "real" / "hh-rlhf-harmless-base-test.jsonl.gz"
CODEC = {".gz": "gzip", ".zst": "zstd", ".bz2": "bz2"}


def write_plain(frame: pl.DataFrame, path: Path) -> Path:
    if path.suffix == ".jsonl":
        frame.write_ndjson(path)
    elif path.suffix == ".json":
        path.write_text(json.dumps(frame.to_dicts(), ensure_ascii=False))
    else:
        frame.write_csv(path)
    return path


@pytest.mark.parametrize("suffix", list(COMPRESS))
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_every_text_format_reads_the_same_compressed(tmp_path, nariraksha_frame, fmt, suffix):
    plain = write_plain(nariraksha_frame, tmp_path / f"d.{fmt}")
    expected = read_dataset(plain).frame
    packed = compress_file(plain, suffix)
    assert infer_format(str(packed)) == fmt
    loaded = read_dataset(packed)
    assert loaded.format == fmt
    assert loaded.frame.equals(expected)
    assert loaded.sha256 == sha256_of(packed)  # the file as given, not its decompressed bytes


@pytest.mark.parametrize(
    ("name", "expected"),
    [("hh.jsonl.gz", ("hh", "jsonl", "gzip")), ("a.b.CSV.ZST", ("a.b", "csv", "zstd")), ("x.json.zstd", ("x", "json", "zstd")),
     ("t.ndjson.bz2", ("t", "jsonl", "bz2")), ("data.gz", ("data", None, "gzip")), ("train.parquet", ("train", "parquet", None)),
     ("README", ("README", None, None)), (".jsonl", (".jsonl", None, None))],
)
def test_names_taken_apart(name, expected):
    assert tuple(parse_name(name)) == expected


@pytest.mark.parametrize("suffix", list(COMPRESS))
def test_a_truncated_file_is_one_sentence(tmp_path, nariraksha_frame, suffix):
    packed = compress_file(write_plain(nariraksha_frame, tmp_path / "d.jsonl"), suffix)
    packed.write_bytes(packed.read_bytes()[:-12])
    with pytest.raises(CurateError, match=rf"d\.jsonl{suffix} is a damaged {CODEC[suffix]} file \(.+\); download it or compress it again\.$"):
        read_dataset(packed)


def test_a_corrupt_gzip_body_is_one_sentence(tmp_path, nariraksha_frame):
    packed = compress_file(write_plain(nariraksha_frame, tmp_path / "d.csv"), ".gz")
    data = bytearray(packed.read_bytes())
    data[len(data) // 2] ^= 0xFF
    packed.write_bytes(bytes(data))
    with pytest.raises(CurateError, match=r"d\.csv\.gz is a damaged gzip file"):
        read_dataset(packed)


def test_concatenated_gzip_members_are_all_read(tmp_path, nariraksha_frame):
    # `cat a.jsonl.gz b.jsonl.gz > ab.jsonl.gz` is a valid gzip file of both.
    one = COMPRESS[".gz"](nariraksha_frame.write_ndjson().encode())
    (tmp_path / "ab.jsonl.gz").write_bytes(one + one)
    assert read_dataset(tmp_path / "ab.jsonl.gz").frame.height == 2 * nariraksha_frame.height


@pytest.mark.parametrize("suffix", list(COMPRESS))
def test_compressed_parquet_is_refused_with_the_command_that_fixes_it(tmp_path, nariraksha_frame, suffix):
    nariraksha_frame.write_parquet(tmp_path / "d.parquet")
    packed = compress_file(tmp_path / "d.parquet", suffix)
    message = rf"d\.parquet{suffix} is a {CODEC[suffix]}-compressed parquet file, which cannot be read as it is .+ -k d\.parquet{suffix}\)"
    with pytest.raises(CurateError, match=message):
        infer_format(str(packed))
    with pytest.raises(CurateError, match=message):
        read_dataset(packed, "parquet")


def test_compressed_bytes_under_a_parquet_name_are_named_so(tmp_path, nariraksha_frame):
    nariraksha_frame.write_parquet(tmp_path / "d.parquet")
    (tmp_path / "d.parquet").write_bytes(COMPRESS[".gz"]((tmp_path / "d.parquet").read_bytes()))
    with pytest.raises(CurateError, match=r"gzip-compressed parquet file.*gunzip -c d\.parquet > d\.plain\.parquet"):
        read_dataset(tmp_path / "d.parquet")


def test_compressed_bytes_under_a_plain_name_are_read(tmp_path, nariraksha_frame):
    # A .jsonl that is really gzip (a download saved without its .gz): the bytes say so.
    packed = compress_file(write_plain(nariraksha_frame, tmp_path / "d.jsonl"), ".gz")
    packed.rename(tmp_path / "d.jsonl")
    assert read_dataset(tmp_path / "d.jsonl").frame.equals(nariraksha_frame)


def test_plain_text_under_a_compressed_name_is_read(tmp_path, nariraksha_frame):
    # Browsers save a .gz they decompressed in transit under its .gz name.
    write_plain(nariraksha_frame, tmp_path / "d.jsonl").rename(tmp_path / "d.jsonl.gz")
    assert read_dataset(tmp_path / "d.jsonl.gz").frame.equals(nariraksha_frame)


def test_a_damaged_header_is_not_told_to_re_encode(tmp_path, nariraksha_frame):
    packed = compress_file(write_plain(nariraksha_frame, tmp_path / "d.jsonl"), ".gz")
    packed.write_bytes(b"\x00" + packed.read_bytes()[1:])  # the gzip magic is gone
    with pytest.raises(CurateError, match=r"d\.jsonl\.gz is named \.gz but its bytes are neither gzip data nor UTF-8 text") as info:
        read_dataset(packed)
    assert "iconv" not in str(info.value)


def test_a_compressed_file_whose_name_says_no_format(tmp_path, nariraksha_frame):
    packed = compress_file(write_plain(nariraksha_frame, tmp_path / "hh.jsonl"), ".gz").rename(tmp_path / "hh.gz")
    with pytest.raises(CurateError, match=r"cannot tell the format of this gzip-compressed file from its name 'hh\.gz'; "
                                          r"name it like data\.jsonl\.gz \(or \.json, \.csv\), or pass --format jsonl, json or csv\."):
        read_dataset(packed)
    assert read_dataset(packed, "jsonl").frame.equals(nariraksha_frame)


def test_compressed_bytes_without_a_suffix_are_sniffed_for_the_advice(tmp_path, nariraksha_frame):
    packed = compress_file(write_plain(nariraksha_frame, tmp_path / "d.jsonl"), ".bz2").rename(tmp_path / "download")
    with pytest.raises(CurateError, match=r"this bz2-compressed file .+ data\.jsonl\.bz2"):
        read_dataset(packed)


def test_non_utf8_inside_a_compressed_file_names_the_decompressed_line(tmp_path):
    (tmp_path / "latin.csv").write_bytes("scenario\nok\ncaf\xe9\n".encode("latin-1"))
    packed = compress_file(tmp_path / "latin.csv", ".zst")
    with pytest.raises(CurateError, match=r"latin\.csv\.zst \(decompressed\): line 3 has bytes that are not UTF-8 \(0xe9"):
        read_dataset(packed)


def test_text_that_starts_like_bz2_is_still_text(tmp_path):
    # bz2 files start "BZh"; a CSV whose first header does too is not mistaken for one.
    (tmp_path / "d.csv").write_text("BZh_code,scenario\n1,ok\n", encoding="utf-8")
    assert read_dataset(tmp_path / "d.csv").frame.columns == ["BZh_code", "scenario"]


def test_read_many_mixes_compressed_and_plain_files(tmp_path, nariraksha_frame):
    compress_file(write_plain(nariraksha_frame, tmp_path / "a.jsonl"), ".zst")
    write_plain(nariraksha_frame.head(1), tmp_path / "b.csv")
    frame = read_many([str(tmp_path / "a.jsonl.zst"), str(tmp_path / "b.csv")])
    assert frame["source"].to_list() == ["a.jsonl.zst"] * 3 + ["b.csv"]


def test_the_real_hh_rlhf_file_reads_as_it_ships():
    loaded = read_dataset(HH)
    assert loaded.format == "jsonl" and loaded.frame.columns == ["chosen", "rejected"]
    assert loaded.frame.height == 2312  # tests/data/real/README.md
    assert loaded.frame["chosen"][0].startswith("\n\nHuman: what are some pranks with a pen i can do?")


# -- every command that reads data ----------------------------------------------------------------


def test_audit_of_the_real_file_names_its_text_columns_then_audits_them(tmp_path, curate):
    # Preference pairs fit no built-in profile: the error says what to pass, and nothing is written.
    code, err = curate("audit", str(HH), "-o", str(tmp_path / "none"))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "the columns (chosen, rejected) fit no built-in profile" in err
    assert "--text-column chosen --text-column rejected" in err
    assert not (tmp_path / "none").exists()

    out = tmp_path / "hh.audit"
    code, err = curate("audit", str(HH), "--text-column", "chosen", "--text-column", "rejected", "-o", str(out))
    assert code == 1, err  # the gate: row 67's "[REDACTED]" is an unfilled placeholder (an error)
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["dataset"]["profile"] == "generic" and report["dataset"]["format"] == "jsonl"
    assert report["dataset"]["rows"] == 2312
    findings = pl.read_parquet(out / "findings.parquet")
    # Hand-checked in the file: line 249 (row 248) has "Sandra.Peters@example.com" in its rejected answer.
    assert findings.filter(pl.col("check") == "pii.email", pl.col("row") == 248)["column"].to_list() == ["rejected"]
    assert set(findings.filter(pl.col("check") == "placeholder.slot")["row"]) == {67}

    code, err = curate("report", str(out))  # re-rendering reads the compressed data again for the rows
    assert code == 0 and "rows embedded" in err and "not embedded" not in err


def test_audit_against_a_compressed_train_set(tmp_path, nariraksha_frame, curate):
    compress_file(write_plain(nariraksha_frame.slice(1, 2), tmp_path / "test.csv"), ".bz2")
    compress_file(write_plain(nariraksha_frame.slice(0, 2), tmp_path / "train.jsonl"), ".zst")
    out = tmp_path / "test.audit"
    code, err = curate("audit", str(tmp_path / "test.csv.bz2"), "--against", str(tmp_path / "train.jsonl.zst"), "-o", str(out))
    assert code == 1, err
    leaks = pl.read_parquet(out / "findings.parquet").filter(pl.col("check") == "leak.exact")
    assert leaks["row"].to_list() == [0]  # test row 0 is train row 1
    assert "row 1 of train.jsonl.zst" in leaks["message"][0]


def test_split_reads_a_compressed_file(tmp_path, curate):
    from split_fixtures import nariraksha

    frame, _ = nariraksha(200, seed=14)
    packed = compress_file(write_plain(frame, tmp_path / "nr.jsonl"), ".gz")
    code, err = curate("-q", "split", str(packed), "-o", str(tmp_path / "split"))
    assert code == 0, err
    manifest = json.loads((tmp_path / "split" / "manifest.json").read_text(encoding="utf-8"))
    assert sum(c["rows"] for c in manifest["counts"].values()) == 200


def write_foreign_split(folder: Path, frame: pl.DataFrame) -> Path:
    """train / valid / test as another tool might ship them: each a different format and codec."""
    folder.mkdir()
    compress_file(write_plain(frame.slice(0, 240), folder / "train.jsonl"), ".gz")
    compress_file(write_plain(frame.slice(240, 30), folder / "valid.json"), ".zst")
    compress_file(write_plain(frame.slice(270, 30), folder / "test.csv"), ".bz2")
    return folder


def test_split_check_and_training_read_a_compressed_split_directory(tmp_path, curate):
    from split_fixtures import nariraksha

    from curation.split.check import check_split_dir
    from curation.training.data import load_rows

    frame, _ = nariraksha(300, seed=12, exact_share=0, near_share=0)
    leaky = frame.with_columns(pl.when(pl.int_range(pl.len()) == 275).then(pl.col("scenario").shift(270)).otherwise(pl.col("scenario")).alias("scenario"))
    folder = write_foreign_split(tmp_path / "foreign", leaky)
    result = check_split_dir(folder)
    assert result.rows == {"train": 240, "validation": 30, "test": 30}
    assert result.leakage["rows"]["exact"] == 1  # test row 5 repeats train row 5's scenario
    code, err = curate("split", "--check", str(folder))
    assert code == 1 and "1 held-out rows have an exact duplicate" in err

    frames, profile = load_rows(folder)
    assert profile.name == "nariraksha" and {n: f.height for n, f in frames.items()} == result.rows
    frames, _ = load_rows(folder / "train.jsonl.gz")
    assert frames["data"].height == 240


def test_a_split_directory_prefers_parquet_then_plain_files(tmp_path, nariraksha_frame):
    from curation.split.layout import read_split_dir

    for name in ("train", "validation", "test"):
        nariraksha_frame.head(2).write_parquet(tmp_path / f"{name}.parquet")
        compress_file(write_plain(nariraksha_frame, tmp_path / f"{name}.jsonl"), ".gz", keep=True)
    split = read_split_dir(tmp_path)
    assert split.format == "parquet" and all(f.height == 2 for f in split.frames.values())
    for name in ("train", "validation", "test"):
        (tmp_path / f"{name}.parquet").unlink()
    (tmp_path / "test.jsonl").unlink()
    split = read_split_dir(tmp_path)
    assert split.format == "jsonl" and all(f.height == 3 for f in split.frames.values())  # test.jsonl.gz stands in
