from core.conformance import AddonConformance


class TestConformance(AddonConformance):
    addon = "crm"
