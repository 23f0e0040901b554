"""Adapters for REST Countries: the v5 and v3.1 sources, their payload models and HTTP plumbing."""
