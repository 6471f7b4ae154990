"""Unit tests of core.views."""
