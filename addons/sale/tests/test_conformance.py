"""The sale addon against the project's addon conventions."""

from core.conformance import AddonConformance


class TestConformance(AddonConformance):
    addon = "sale"
