"""Browser tests of the staff pages (fixtures in tests/chromium.py). Screenshots for the README are
written to docs/screenshots by the tests that take them."""
