"""Sociological surveys: a questionnaire (an XLSForm, versioned), its components, questions and scored choices; the
respondents drawn for each unit; and the responses with their answers, whichever way they came in.

A survey is loaded from an XLSForm (``parindex load-survey``, :mod:`parindex.surveys.loader`) and never edited here:
its questions, choices and components are the loaded file's. Responses come from the public one-time web form, the
staff data-entry page or an import of a KoboToolbox / ODK Central export; all land in :class:`Response` and
:class:`Answer`. A unit's figures are computed by :mod:`parindex.scoring.survey` (plain Python).
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parindex.audit.services import Audited
from parindex.org.models import Unit


def new_token() -> str:
    """A respondent's one-time link token: 32 URL-safe characters (192 random bits)."""
    return secrets.token_urlsafe(24)


class Survey(Audited, models.Model):
    """One version of a questionnaire. ``code`` is the XLSForm's ``settings.form_id``, ``version`` its
    ``settings.version``; a survey code names its latest version (by load order) wherever a code is given."""

    audit_type = "survey"

    code = models.CharField(_("code"), max_length=50)
    version = models.CharField(_("version"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=255)
    is_sample = models.BooleanField(_("sample"), default=False, help_text=_("A sample questionnaire."))
    min_sample = models.PositiveIntegerField(
        _("minimum sample per unit"),
        default=30,
        help_text=_("A unit with fewer respondents is flagged, not silently scored."),
    )
    margin = models.DecimalField(
        _("margin of error"),
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.05"),
        help_text=_("e in the sample size n = N / (1 + N·e²)."),
    )
    digest = models.CharField(max_length=64, editable=False)
    content = models.JSONField(editable=False, help_text="The validated questionnaire as loaded (parsed sheets).")
    workbook = models.BinaryField(editable=False, help_text="The XLSForm file as loaded, to deploy elsewhere.")
    filename = models.CharField(max_length=255, blank=True, editable=False)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["code", "-loaded_at", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="survey_code_version_unique")]

    def __str__(self) -> str:
        return self.title

    def snapshot(self) -> dict[str, object]:
        return {"code": self.code, "version": self.version, "title": self.title, "digest": self.digest}


class Component(models.Model):
    """A factor of the survey (e.g. SIPAS's "tiếp cận dịch vụ"): its value is the weighted mean of its questions'."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=255)
    weight = models.DecimalField(_("weight"), max_digits=9, decimal_places=4, default=Decimal(1))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["survey", "order"]
        verbose_name = _("survey component")
        verbose_name_plural = _("survey components")
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="survey_component_code_unique")]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A row of the XLSForm's ``survey`` sheet that asks something (groups and notes are kept for display too).

    ``type`` is the XLSForm base type (``select_one``, ``select_multiple``, ``text``, ``integer``, ``decimal``,
    ``date``, ``note``, ...); ``list_name`` the choice list of a select. A question is scored when its list has a
    choice with a score; it then belongs to a component.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    component = models.ForeignKey(Component, null=True, blank=True, on_delete=models.CASCADE, related_name="questions")
    name = models.CharField(_("name"), max_length=100)
    label = models.TextField(_("label"), blank=True)
    hint = models.TextField(_("hint"), blank=True)
    type = models.CharField(_("type"), max_length=40)
    list_name = models.CharField(_("choice list"), max_length=100, blank=True)
    required = models.BooleanField(_("required"), default=False)
    weight = models.DecimalField(_("weight"), max_digits=9, decimal_places=4, default=Decimal(1))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["survey", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="survey_question_name_unique")]

    def __str__(self) -> str:
        return self.label or self.name

    @property
    def is_select(self) -> bool:
        return self.type in ("select_one", "select_multiple")


class Choice(models.Model):
    """An answer of a choice list; ``score`` 0..100 is its value, None when it is not scored ("Không biết")."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="choices")
    list_name = models.CharField(_("choice list"), max_length=100)
    name = models.CharField(_("name"), max_length=100)
    label = models.TextField(_("label"), blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["survey", "list_name", "order"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["survey", "list_name", "name"], name="survey_choice_name_unique"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=100),
                name="survey_choice_score_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.name


class Respondent(models.Model):
    """A person drawn to answer for a unit, reached by a one-time link (``token``).

    The personal fields (``name``, ``phone``, ``reference``) are seen only by Home Affairs staff and administrators and
    never leave parindex with the results.
    """

    class Population(models.TextChoices):
        DOSSIERS = "dossiers", _("Dossiers resolved by the unit (one-stop data)")
        LIST = "list", _("A list handed in")
        MANUAL = "manual", _("Added by hand")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("full name"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    reference = models.CharField(_("dossier reference"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=50, blank=True, help_text=_("For quotas, e.g. online."))
    procedure = models.CharField(_("procedure"), max_length=255, blank=True, help_text=_("For quotas."))
    population = models.CharField(
        _("population"), max_length=20, choices=Population.choices, default=Population.DOSSIERS
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    token_used_at = models.DateTimeField(_("link used at"), null=True, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)

    class Meta:
        ordering = ["survey", "unit", "pk"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")

    def __str__(self) -> str:
        return f"{self.unit.code} #{self.pk}"


class Response(Audited, models.Model):
    """One filled questionnaire for a unit: from the web form (a respondent's link), typed by staff, or imported."""

    audit_type = "survey_response"

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        ENTRY = "entry", _("Typed by staff")
        IMPORT = "import", _("Imported")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    respondent = models.OneToOneField(
        Respondent, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    external_id = models.CharField(
        _("response id"), max_length=100, blank=True, help_text=_("KoboToolbox / ODK Central id (_uuid, instanceID).")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    flags = models.JSONField(_("flags"), default=list, blank=True, help_text="e.g. ['too_fast', 'straight_line']")
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["survey", "unit", "pk"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "external_id"],
                condition=~models.Q(external_id=""),
                name="survey_response_external_id_unique",
            )
        ]
        indexes = [models.Index(fields=["survey", "unit"], name="survey_response_unit_idx")]

    def __str__(self) -> str:
        return f"{self.unit_id} #{self.pk}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"unit_id": self.unit_id}


class Answer(models.Model):
    """A response's answer to one question: the choice for a select_one (``value`` holds its name too), the text
    otherwise (a select_multiple keeps its choice names space-separated in ``value``)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers")
    value = models.TextField(_("value"), blank=True)

    class Meta:
        ordering = ["response", "question__order"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique")]

    def __str__(self) -> str:
        return self.value


class Sample(Audited, models.Model):
    """How a unit's respondents were drawn for a survey: the population (the dossiers the unit and the units under it
    resolved in ``period``), the sample size n = ⌈N / (1 + N·e²)⌉, the seed and the quotas; one per survey and unit.

    The draw itself is :mod:`parindex.scoring.sampling`; the respondents are the :class:`Respondent` rows of the same
    survey and unit. Kept so that the field dashboard shows the population and anyone can check the draw again.
    """

    audit_type = "survey_sample"

    class QuotaBy(models.TextChoices):
        NONE = "", _("No quotas")
        PROCEDURE = "procedure", _("By procedure")
        CHANNEL = "channel", _("By channel")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="samples")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=10, help_text=_("2026, 2026-Q3 or 2026-09."))
    population = models.PositiveIntegerField(_("population"))
    size = models.PositiveIntegerField(_("sample size"))
    margin = models.DecimalField(_("margin of error"), max_digits=4, decimal_places=3)
    seed = models.CharField(_("seed"), max_length=60)
    quota_by = models.CharField(_("quotas"), max_length=20, choices=QuotaBy.choices, blank=True, default="")
    quotas = models.JSONField(_("quotas"), default=dict, blank=True)
    drawn_at = models.DateTimeField(_("drawn at"), default=timezone.now)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["survey", "unit"]
        verbose_name = _("survey sample")
        verbose_name_plural = _("survey samples")
        constraints = [models.UniqueConstraint(fields=["survey", "unit"], name="survey_sample_unit_unique")]

    def __str__(self) -> str:
        return f"{self.survey_id} {self.unit_id}"

    def audit_repr(self) -> str:
        return f"{self.survey.code} · {self.unit.code}"

    def audit_scope(self) -> dict[str, int | None]:
        return {"unit_id": self.unit_id}

    def snapshot(self) -> dict[str, object]:
        return {
            "survey": self.survey.code,
            "version": self.survey.version,
            "unit": self.unit.code,
            "period": self.period,
            "population": self.population,
            "size": self.size,
            "margin": str(self.margin),
            "seed": self.seed,
            "quota_by": self.quota_by,
            "quotas": self.quotas,
        }
