"""`hicm ingest FILE.pdf --debug-pdf DIR`: one picture per page of what the PDF reader's tree holds."""
from __future__ import annotations


def test_debug_pdf_writes_one_annotated_png_per_page(run_cli, tmp_path):
    from PIL import Image

    from tests.support.paths import SOURCE_DOCS
    out = tmp_path / "debug"
    result = run_cli("ingest", SOURCE_DOCS / "2015" / "hicm-2015.pdf", "--debug-pdf", out, "-o", tmp_path / "x.json")
    assert result.exit_code == 0, result.output
    pngs = sorted(out.glob("*.png"))
    assert [p.name for p in pngs][:2] == ["page-001.png", "page-002.png"] and len(pngs) == 13
    page4 = Image.open(out / "page-004.png").convert("RGB")
    assert page4.size[0] == 842 and page4.size[1] in (595, 596)  # landscape page at 72 dpi
    # the running header "4. The model" (x 40-147, top 15-32) is framed in red; the band around it is not
    framed = [page4.getpixel((41, 22)), page4.getpixel((146, 22)), page4.getpixel((60, 16))]
    assert all(r > 200 and g < 60 and b < 60 for r, g, b in framed)
    r, g, b = page4.getpixel((300, 40))
    assert not (r > 200 and g < 60)
