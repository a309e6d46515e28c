# SPDX-License-Identifier: GPL-3.0-or-later
"""Report bundles: chosen entries encrypted to a receiving team's age keys (Qt-free).

docs/report-format.md describes the bundle; docs/receiving-reports.md how a team opens it.
Modules: document (what goes in), html (report.html), tarstream (the archive, streamed and
padded), export (encryption to a file, atomically), exports (end to end, and the vault's record
of reports made), opener (the receiving side: decrypt and check).
"""
