"""The coaching core: domain, science, plan engine, use cases and the conversation; no I/O."""
