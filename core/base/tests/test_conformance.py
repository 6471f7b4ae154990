from core.conformance import AddonConformance


class TestConformance(AddonConformance):
    addon = "base"
    allowed_methods = ("ir.rule._compute_domain",)  # the name the ORM (and Odoo) call
