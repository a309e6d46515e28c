# SPDX-License-Identifier: GPL-3.0-or-later
"""`python -m desktop` behaves exactly like the `bastion` command."""

import sys

from desktop.app import main

sys.exit(main())
