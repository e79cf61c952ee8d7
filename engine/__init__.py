"""Reglament engine: the shared core that api/ and worker/ build on.

It never imports flask, api or worker: dependencies point one way.
"""
