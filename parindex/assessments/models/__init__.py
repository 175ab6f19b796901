"""Campaigns and their calendar, each unit's assessment and its state, scores, evidence, questions and results.

One module per noun; this package is what Django and the rest of parindex import (``parindex.assessments.models``).
"""

from parindex.assessments.models.assessment import Assessment, MoveRefused
from parindex.assessments.models.campaign import Campaign
from parindex.assessments.models.council import AppraiserAssignment, Question
from parindex.assessments.models.files import Evidence, evidence_path, evidence_storage
from parindex.assessments.models.scores import Result, Score, stage_snapshot

__all__ = [
    "AppraiserAssignment",
    "Assessment",
    "Campaign",
    "Evidence",
    "MoveRefused",
    "Question",
    "Result",
    "Score",
    "evidence_path",
    "evidence_storage",
    "stage_snapshot",
]
