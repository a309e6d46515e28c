# SPDX-License-Identifier: GPL-3.0-or-later
from __future__ import annotations

import pytest

from tests.signing.helpers import use_fast_kdf


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Encrypt new secret keys with libsodium's minimum scrypt limits (milliseconds)."""
    use_fast_kdf(monkeypatch)
