from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "parindex.plans"
    label = "plans"
    verbose_name = _("Improvement plans")

    def ready(self) -> None:
        # The actions' deadlines, for the reminders, the timeliness figures and the deadline board; what the unit's
        # self-assessment sheet shows of the plans (neither the deadlines app nor the cycle imports this one).
        from parindex.assessments.signals import unit_sheet_context
        from parindex.deadlines import registry
        from parindex.deadlines.kinds import DeadlineKind
        from parindex.plans import receivers
        from parindex.plans.deadlines import plan_action_items

        registry.register(DeadlineKind.PLAN_ACTION, plan_action_items)
        unit_sheet_context.connect(receivers.unit_sheet_plans, dispatch_uid="plans.unit_sheet_plans")
