"""Kept for the CLI's imports: the runtime choices live in engine/runtime.py."""

from engine.runtime import install_runtime

__all__ = ["install_runtime"]
