"""Emulators of the outside systems (register, treasury, СМЭВ, SMS, portal/post, MFC, SMTP) for
demos and contract tests: each speaks the protocol its adapter expects (worker/adapters/PROTOCOLS.md)
and can be told to be slow, fail, repeat or delay its replies. Start them with `sandbox.runner`.
"""
