"""Reading display content: an sRGB image file -> linear RGB in [0, 1].

PNG files are read with ``matplotlib.image.imread`` (8/16-bit PNG -> floats in [0, 1]);
the IEC 61966-2-1 sRGB transfer function is removed with
``colour.cctf_decoding(rgb, function="sRGB")``.  Grey images are replicated to three
channels; an alpha channel is dropped (the content is taken as shown on black).

:func:`colour_bar_pattern_rgb8` is the 64 x 36 test pattern bundled as
``peled/data/examples/display/test_pattern_64x36.png``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from peled.errors import FileFormatError

__all__ = [
    "BAR_COLOURS",
    "colour_bar_pattern_rgb8",
    "read_image_linear_rgb",
    "srgb_to_linear",
]


def srgb_to_linear(encoded) -> np.ndarray:
    """Linear RGB from sRGB-encoded values in [0, 1] (``colour.cctf_decoding``, sRGB).

    Parameters
    ----------
    encoded : array_like
        sRGB-encoded values in [0, 1].

    Returns
    -------
    numpy.ndarray
        Linear values in [0, 1], same shape.

    References
    ----------
    IEC 61966-2-1:1999 (sRGB transfer function).

    Examples
    --------
    >>> srgb_to_linear([0.0, 0.5, 1.0]).round(4).tolist()
    [0.0, 0.214, 1.0]
    """
    import colour

    return np.asarray(colour.cctf_decoding(np.asarray(encoded, dtype=float), function="sRGB"))


def read_image_linear_rgb(path) -> np.ndarray:
    """(H, W, 3) linear RGB of the PNG image at ``path``.

    Raises :class:`FileFormatError` naming the file for non-PNG or unreadable files.

    Parameters
    ----------
    path : str or pathlib.Path
        PNG file (8 or 16 bit, grey or RGB(A); alpha is ignored).

    Returns
    -------
    numpy.ndarray
        Linear RGB in [0, 1], shape (H, W, 3).

    Raises
    ------
    FileFormatError
        If the file is not a readable PNG.

    Examples
    --------
    >>> from importlib.resources import files
    >>> rgb = read_image_linear_rgb(files("peled") / "data/examples/display/test_pattern_64x36.png")
    >>> rgb.shape, rgb[0, 0].tolist()
    ((36, 64, 3), [1.0, 1.0, 1.0])
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
        img = img[..., None]
    if img.ndim == 3 and img.shape[-1] in (1, 2):  # grey or grey + alpha
        img = np.repeat(img[..., :1], 3, axis=-1)
    if img.ndim != 3 or img.shape[-1] not in (3, 4):
        raise FileFormatError(p, f"expected an RGB(A) or grey image, got shape {img.shape}")
    rgb = np.clip(img[..., :3], 0.0, 1.0)
    return srgb_to_linear(rgb)


#: The eight full-level bars of :func:`colour_bar_pattern_rgb8`, left to right (R, G, B on/off).
BAR_COLOURS = (
    ("white", (1, 1, 1)), ("yellow", (1, 1, 0)), ("cyan", (0, 1, 1)), ("green", (0, 1, 0)),
    ("magenta", (1, 0, 1)), ("red", (1, 0, 0)), ("blue", (0, 0, 1)), ("black", (0, 0, 0)),
)


def colour_bar_pattern_rgb8(width: int = 64, height: int = 36) -> np.ndarray:
    """(height, width, 3) uint8 sRGB test pattern: colour bars over a grey ramp.

    The top two thirds hold the eight full-level bars of :data:`BAR_COLOURS` (code 0 or
    255, so their linear values are exactly 0 or 1; each primary is on in 4 of 8 bars); the
    bottom third is a horizontal grey ramp with code value ``round(255 x / (width - 1))``
    in column x.  ``width`` must be a multiple of 8 and ``height`` of 3.

    Parameters
    ----------
    width : int, optional
        Width in pixels, a multiple of 8.
    height : int, optional
        Height in pixels, a multiple of 3.

    Returns
    -------
    numpy.ndarray
        uint8 array, shape (height, width, 3), sRGB code values.

    Raises
    ------
    ParameterError
        If the size is not a multiple of 8 (width) or 3 (height).

    Examples
    --------
    >>> img = colour_bar_pattern_rgb8(16, 6)
    >>> img.shape, img[0, 0].tolist(), img[-1, -1].tolist()
    ((6, 16, 3), [255, 255, 255], [255, 255, 255])
    """
    if width <= 0 or height <= 0 or width % 8 or height % 3:
        raise ValueError(f"width must be a multiple of 8 and height of 3, got {width}x{height}")
    img = np.zeros((height, width, 3), dtype=np.uint8)
    bar = width // 8
    top = 2 * height // 3
    for k, (_, rgb) in enumerate(BAR_COLOURS):
        img[:top, k * bar:(k + 1) * bar] = np.array(rgb, dtype=np.uint8) * 255
    ramp = np.round(255 * np.arange(width) / (width - 1)).astype(np.uint8)
    img[top:] = ramp[None, :, None]
    return img
