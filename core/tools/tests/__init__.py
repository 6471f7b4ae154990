"""Unit tests of core.tools."""
