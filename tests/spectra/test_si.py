"""peled.spectra._si holds exactly scipy.constants' (exact, SI 2019) h, c and e."""

from scipy import constants

from peled import constants as _si


def test_si_constants_equal_scipy():
    assert (_si.h, _si.c, _si.e) == (constants.h, constants.c, constants.e)
