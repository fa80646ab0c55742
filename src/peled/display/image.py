"""Reading display content: an sRGB image file -> linear RGB in [0, 1].

PNG files are read with ``matplotlib.image.imread`` (8/16-bit PNG -> floats in [0, 1]);
the IEC 61966-2-1 sRGB transfer function is removed with
``colour.cctf_decoding(rgb, function="sRGB")``.  Grey images are replicated to three
channels; an alpha channel is dropped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from peled.errors import FileFormatError

__all__ = ["read_image_linear_rgb", "srgb_to_linear"]


def srgb_to_linear(encoded) -> np.ndarray:
    """Linear RGB from sRGB-encoded values in [0, 1] (``colour.cctf_decoding``, sRGB)."""
    import colour

    return np.asarray(colour.cctf_decoding(np.asarray(encoded, dtype=float), function="sRGB"))


def read_image_linear_rgb(path) -> np.ndarray:
    """(H, W, 3) linear RGB of the PNG image at ``path``.

    Raises :class:`FileFormatError` naming the file for non-PNG or unreadable files.
    """
    import matplotlib.image as mpimg

    p = Path(path)
    if p.suffix.lower() != ".png":
        raise FileFormatError(p, f"expected a PNG image (.png), got {p.suffix or 'no suffix'!r}")
    if not p.is_file():
        raise FileFormatError(p, "file not found")
    try:
        img = np.asarray(mpimg.imread(p), dtype=float)
    except (OSError, ValueError, SyntaxError) as exc:
        raise FileFormatError(p, f"cannot read PNG: {exc}") from None
    if img.ndim == 2:
        img = np.repeat(img[..., None], 3, axis=-1)
    if img.ndim != 3 or img.shape[-1] not in (3, 4):
        raise FileFormatError(p, f"expected an RGB(A) or grey image, got shape {img.shape}")
    rgb = np.clip(img[..., :3], 0.0, 1.0)
    return srgb_to_linear(rgb)
