"""The package version, recorded in every plan (resume checks compare it)."""

__version__ = "0.1.0"
