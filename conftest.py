"""pytest configuration shared by the test suite and the doctests of src/.

Importing colour-science switches NumPy to its 1.13 legacy print mode (``0.35`` instead
of ``np.float64(0.35)``, ``array([ 0.1,  0.2])``), so without a fixed mode a doctest's
expected output would depend on whether another module imported colour first.  Every
doctest therefore runs in NumPy's default print mode, the one a user sees.
"""

from __future__ import annotations

import numpy as np
import pytest
from _pytest.doctest import DoctestItem


@pytest.fixture(autouse=True)
def _numpy_default_print_mode(request):
    """Run each doctest with NumPy's default print options (restored afterwards)."""
    if not isinstance(request.node, DoctestItem):
        yield
        return
    saved = np.get_printoptions()
    np.set_printoptions(legacy=False)
    try:
        yield
    finally:
        np.set_printoptions(**saved)
