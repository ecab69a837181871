"""Where the official XSDs' network imports are found locally."""

from __future__ import annotations

from pathlib import Path

from adapter.xoev.xdomea.locations import KNOWN_LOCATIONS, local_copy


def test_local_copies_of_imported_urls(xoev_dir: Path) -> None:
    """Known URLs and the misplaced relative xoev-code path map to files that exist; others do not map."""
    xdomea = xoev_dir.resolve() / "xdomea"
    for url in KNOWN_LOCATIONS:
        found = local_copy(url, xdomea)
        assert found is not None and found.is_file(), url
    misplaced = local_copy(str(xdomea / "xoev" / "code" / "1_0" / "xoev-code.xsd"), xdomea)
    assert misplaced == xdomea / "xoev" / "xoev-code.xsd"
    assert local_copy("http://example.org/x.xsd", xdomea) is None
    assert local_copy(str(xdomea / "4.0.0" / "xdomea-Baukasten.xsd"), xdomea) is None
