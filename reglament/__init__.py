"""The `reglament` console command: composes engine, api, worker and sandbox."""
