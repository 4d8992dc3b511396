"""Bad documents through ``cchc extract`` as a subprocess: a clear message or a correct result, never a traceback."""
import io
import os
import subprocess
import sys
import zipfile

import pytest

from test_extract import minimal_pdf


def _require(module):
    if os.environ.get("CI"):
        return __import__(module)
    return pytest.importorskip(module)


def run(path, *args, env=None):
    cmd = [sys.executable, "-m", "cchc_analysis.cli", "extract", str(path), "--district", "297", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


def _docx_bytes():
    docx = _require("docx")
    doc = docx.Document()
    doc.add_paragraph("Năm 2021 tiếp nhận 1.234 hồ sơ.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _bad(name, content, message, tmp_path):
    path = tmp_path / name
    path.write_bytes(content)
    proc = run(path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"cchc extract: error: cannot read {path}: "), proc.stderr
    assert message in proc.stderr, proc.stderr


def test_empty_text(tmp_path):
    _bad("empty.txt", b"", "the document is empty", tmp_path)


def test_binary_renamed_docx(tmp_path):
    _bad("binary.docx", bytes(range(256)) * 40, "not a readable .docx", tmp_path)


def test_truncated_docx(tmp_path):
    data = _docx_bytes()
    _bad("cut.docx", data[: len(data) // 2], "not a readable .docx", tmp_path)


def test_docx_whose_xml_is_larger_than_the_limit(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<!--" + b" " * 3_000_000 + b"--></w:body>")
            dst.writestr(item, data)
    proc = run(path, env={"CCHC_MAX_DOCUMENT_MB": "1"})
    assert proc.returncode == 2 and "more than the limit of 1 MB" in proc.stderr, proc.stderr


def test_scanned_pdf_without_text(tmp_path):
    pypdf = _require("pypdf")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    buf = io.BytesIO()
    writer.write(buf)
    _bad("scan.pdf", buf.getvalue(), "no text layer", tmp_path)


def test_encrypted_pdf(tmp_path):
    pypdf = _require("pypdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(minimal_pdf(["Dân số 155.400 người"]))))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    _bad("locked.pdf", buf.getvalue(), "encrypted with a password", tmp_path)


def test_windows_1258_text_is_refused_with_its_line(tmp_path):
    _bad("cp1258.txt", b"D\xf2ng m\xf4t\nGia L\xf4c", "not UTF-8 (line 1", tmp_path)  # Windows-1258 bytes


def test_utf16_text_is_read(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_text("Năm 2021, huyện tiếp nhận 1.234 hồ sơ.", encoding="utf-16")
    out = tmp_path / "c.csv"
    proc = run(path, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "dossiers_received,,district,2021,2021,,,1234.0" in out.read_text(encoding="utf-8")


def test_a_text_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(("Năm 2021 tiếp nhận 1.234 hồ sơ.\n" * 40_000).encode("utf-8"))  # ~1.4 MB
    proc = run(path, env={"CCHC_MAX_DOCUMENT_MB": "1"})
    assert proc.returncode == 2 and "more than the limit of 1 MB" in proc.stderr, proc.stderr


def test_a_long_text_is_streamed_with_progress(tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes(("Năm 2021 tiếp nhận 1.234 hồ sơ.\n\n" * 5_000).encode("utf-8"))
    proc = run(path)
    assert proc.returncode == 0, proc.stderr
    assert "paragraphs read" in proc.stderr and "candidates  1\n" in proc.stdout  # repeats dropped


def test_an_existing_output_is_never_replaced_without_force(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Năm 2021 tiếp nhận 1.234 hồ sơ.", encoding="utf-8")
    out = tmp_path / "c.csv"
    out.write_text("kept\n", encoding="utf-8")
    proc = run(doc, "--out", out)
    assert proc.returncode == 2 and "--force" in proc.stderr and out.read_text(encoding="utf-8") == "kept\n"
    assert run(doc, "--out", out, "--force").returncode == 0 and "1234.0" in out.read_text(encoding="utf-8")
