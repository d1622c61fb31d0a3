"""Đề án 06 data-journalism project: archive, clean, reconcile and report the programme's figures."""

__version__ = "1.0.0"
