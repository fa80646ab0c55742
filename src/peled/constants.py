"""The exact SI defining constants peled needs below the physics layers, without scipy.

Since the 2019 redefinition of the SI these values are exact by definition (BIPM, The
International System of Units, 9th ed. (2019), Table 1), identical to
``scipy.constants.h``, ``c`` and ``e`` (a test checks it).
``scipy.constants`` costs 0.1-0.3 s of start-up (it imports numpy.testing, numpy.f2py
and numpy.ma through scipy's array-API layer), more than every colour computation of
``peled color spectrum``.
"""

__all__ = ["c", "e", "h"]

#: Planck constant h, J s (exact).
h: float = 6.62607015e-34
#: Speed of light in vacuum c, m/s (exact).
c: float = 299792458.0
#: Elementary charge e, C (exact).
e: float = 1.602176634e-19
