# SPDX-License-Identifier: GPL-3.0-or-later
"""Opportunistic sync: resumable uploads of queued reports, updates from organisations.

Qt-free. outbox.py is the queue in the vault; tus.py the protocol; uploads.py one upload;
updates.py the signed downloads; engine.py one pass over all of it (`run_pass`); results.py
what a pass reports; http.py the proxy, TLS and error rules every request follows.
docs/sync.md describes the behaviour.
Nothing is re-exported here, so importing the errors at start-up loads nothing else.
"""
