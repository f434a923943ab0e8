"""Optional OCR of scanned PDF pages: the page's embedded image, decoded with Pillow, read by
tesseract through pytesseract.

pdfminer cannot render a page, but a scanned page is one image drawn over the page, and pdfminer
hands over that image's stream: JPEG and JPEG 2000 as files Pillow opens, Flate-compressed pixels
(PNG scans, fpdf2's images) as raw samples with their width, height and colour space. OCR runs
only when the `tesseract` binary is on PATH; without it the build reports the pages instead.
"""

from __future__ import annotations

import io
import shutil

TESSERACT = "tesseract"
OCR_INSTALL = "install tesseract to read it (`apt-get install tesseract-ocr`)"
_MODES = {("DeviceGray", 8): "L", ("DeviceRGB", 8): "RGB", ("DeviceCMYK", 8): "CMYK", ("DeviceGray", 1): "1"}


def ocr_available() -> bool:
    """True when the tesseract binary is on PATH (the pytesseract package alone cannot read)."""
    return shutil.which(TESSERACT) is not None


def recognise_image(image: object) -> str:
    """The text tesseract reads in one of pdfminer's page images (LTImage).

    Raises ValueError naming the image's format when Pillow cannot decode it.
    """
    import pytesseract

    return pytesseract.image_to_string(image_of(image))


def image_of(image: object):
    """A PIL image from pdfminer's LTImage: JPEG/JPEG 2000 opened as files, raw samples by their
    colour space and bits. Raises ValueError for other encodings (CCITT fax, JBIG2, indexed colour)."""
    from pdfminer.pdftypes import LITERALS_DCT_DECODE, LITERALS_JPX_DECODE, resolve1
    from PIL import Image

    stream = image.stream
    filters = [f for f, _ in stream.get_filters()]
    if filters and filters[-1] in (*LITERALS_DCT_DECODE, *LITERALS_JPX_DECODE):
        return Image.open(io.BytesIO(stream.get_rawdata())).convert("RGB")
    space = resolve1(stream.get("ColorSpace") or stream.get("CS"))
    name = getattr(space, "name", None) or (getattr(space[0], "name", None) if isinstance(space, list) else None)
    bits = int(resolve1(stream.get("BitsPerComponent") or stream.get("BPC") or 8))
    mode = _MODES.get((str(name), bits))
    if mode is None:
        kinds = ", ".join(getattr(f, "name", str(f)) for f in filters) or "no filter"
        raise ValueError(f"page image in a format OCR here cannot decode ({kinds}, {name}, {bits} bits)")
    width, height = int(stream.get("Width") or stream.get("W")), int(stream.get("Height") or stream.get("H"))
    return Image.frombytes(mode, (width, height), stream.get_data())
