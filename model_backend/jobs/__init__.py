"""Jobs: the one orchestration path shared by the worker, the CLI and (later) Processing."""
