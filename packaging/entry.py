# SPDX-License-Identifier: GPL-3.0-or-later
"""The frozen build's script: outside the package, so `desktop/` itself is never put on the
import path, where its module names could shadow top-level ones."""

import sys

from desktop.app import main

sys.exit(main())
