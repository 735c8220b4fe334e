"""PT Sans (ParaType's typeface made for Russian) from the fontpkg-pt-sans package.

Cyrillic renders on any machine that installed the project, with no system fonts involved.
The static Regular and Bold files embed quickly; a variable font is instanced on every render.
"""

from __future__ import annotations

from pathlib import Path

import fontpkg_pt_sans
from fpdf import FPDF

FONTS = Path(fontpkg_pt_sans.ROOT) / "files"
FONT_REGULAR = FONTS / "PT_Sans-Web-Regular.ttf"
FONT_BOLD = FONTS / "PT_Sans-Web-Bold.ttf"
FAMILY = "PTSans"


def add_fonts(pdf: FPDF) -> None:
    """Make FAMILY (regular and "B") available to `pdf`."""
    pdf.add_font(FAMILY, "", str(FONT_REGULAR))
    pdf.add_font(FAMILY, "B", str(FONT_BOLD))
