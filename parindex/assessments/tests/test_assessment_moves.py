"""An assessment's state moves only along the model's table of moves: one unit's move is saved, audited and announced
once committed; many units move with one write and one audit write."""

from itertools import pairwise

from django.db import connection
from django.test.utils import CaptureQueriesContext

from parindex.assessments.models import Assessment, MoveRefused
from parindex.assessments.signals import step_taken
from parindex.audit.models import Action, AuditEntry
from parindex.audit.services import Actor
from parindex.tests.district import DistrictTestCase

State = Assessment.State

# The steps one unit takes through a whole cycle, withdrawal and re-opening included.
CYCLE = [
    State.NOT_STARTED,
    State.IN_PROGRESS,
    State.SUBMITTED,
    State.IN_PROGRESS,
    State.SUBMITTED,
    State.APPRAISING,
    State.EXPLANATION_REQUESTED,
    State.EXPLAINED,
    State.APPRAISED,
    State.PUBLISHED,
    State.APPRAISED,
]


class AssessmentMoveTests(DistrictTestCase):
    def setUp(self):
        self.actor = Actor.of(self.appraiser)
        self.heard = []
        step_taken.connect(self.hear, dispatch_uid="test_assessment_moves")
        self.addCleanup(step_taken.disconnect, dispatch_uid="test_assessment_moves")

    def hear(self, sender, assessment, before, after, actor, **kwargs):
        self.heard.append((assessment.unit_id, before, after))

    def standing_at(self, unit, state):
        Assessment.objects.filter(campaign=self.campaign, unit=unit).update(state=state)
        assessment = Assessment.objects.get(campaign=self.campaign, unit=unit)
        assessment.campaign = self.campaign
        return assessment

    def state_of(self, unit):
        return Assessment.objects.get(campaign=self.campaign, unit=unit).state

    def test_every_step_of_a_cycle_is_a_move_the_table_lists(self):
        for before, after in pairwise(CYCLE):
            with self.subTest(f"{before} → {after}"):
                self.assertIn(after, Assessment.MOVES[before])
                Assessment.check_move(before, after)

    def test_moves_the_cycle_never_makes_are_refused(self):
        never = [
            (State.NOT_STARTED, State.SUBMITTED),  # nothing self-assessed cannot be submitted
            (State.APPRAISED, State.SUBMITTED),
            (State.EXPLAINED, State.EXPLANATION_REQUESTED),
            (State.APPRAISING, State.IN_PROGRESS),
            (State.PUBLISHED, State.PUBLISHED),
            (State.IN_PROGRESS, State.IN_PROGRESS),
        ]
        for before, after in never:
            with self.subTest(f"{before} → {after}"), self.assertRaises(MoveRefused):
                Assessment.check_move(before, after)

    def test_a_move_the_table_does_not_list_is_refused_and_nothing_is_written(self):
        assessment = self.standing_at(self.commune, State.APPRAISED)
        with (
            self.captureOnCommitCallbacks(execute=True),
            self.assertRaisesMessage(MoveRefused, "from appraised to in_progress"),
        ):
            assessment.move_to(State.IN_PROGRESS, self.actor)
        self.assertEqual(assessment.state, State.APPRAISED)
        self.assertEqual(self.state_of(self.commune), State.APPRAISED)
        self.assertFalse(AuditEntry.objects.filter(action=Action.STATE_CHANGED).exists())
        self.assertEqual(self.heard, [])

    def test_a_move_is_saved_and_audited_at_once_and_announced_only_once_committed(self):
        assessment = self.standing_at(self.commune, State.NOT_STARTED)
        with self.captureOnCommitCallbacks() as callbacks:
            assessment.move_to(State.IN_PROGRESS, self.actor, "first entry")
            self.assertEqual(self.heard, [])
        self.assertEqual(self.state_of(self.commune), State.IN_PROGRESS)
        entry = AuditEntry.objects.get(action=Action.STATE_CHANGED)
        self.assertEqual(
            (entry.object_type, entry.object_id, entry.object_repr, entry.campaign_id, entry.unit_id),
            ("assessment", str(assessment.pk), f"c2021/{self.commune.pk}", self.campaign.pk, self.commune.pk),
        )
        self.assertEqual(
            (entry.before, entry.after, entry.reason),
            ({"state": "not_started"}, {"state": "in_progress"}, "first entry"),
        )
        for callback in callbacks:
            callback()
        self.assertEqual(self.heard, [(self.commune.pk, State.NOT_STARTED, State.IN_PROGRESS)])

    def test_many_units_move_with_one_write_and_one_audit_write_and_nobody_is_told(self):
        moves = [
            (self.standing_at(self.commune, State.APPRAISED), State.PUBLISHED),
            (self.standing_at(self.other_commune, State.SUBMITTED), State.PUBLISHED),
        ]
        with self.captureOnCommitCallbacks(execute=True), CaptureQueriesContext(connection) as queries:
            moved = Assessment.move_many(self.campaign, moves, self.actor, "published")
        # the rows' update and the audit insert, besides moving the audit chain's head (parindex.audit.chain: one
        # conditional UPDATE, or three statements when the head this connection left has moved since)
        chain = [q for q in queries if "audit_chainhead" in q["sql"]]
        self.assertEqual(len(queries) - len(chain), 2)
        self.assertIn(len(chain), (1, 3))
        self.assertEqual(moved, 2)
        self.assertEqual([self.state_of(self.commune), self.state_of(self.other_commune)], [State.PUBLISHED] * 2)
        entries = AuditEntry.objects.filter(action=Action.STATE_CHANGED).order_by("id")
        self.assertEqual(
            [(e.object_repr, e.unit_id, e.before, e.after, e.reason) for e in entries],
            [
                (
                    f"c2021/{self.commune.pk}",
                    self.commune.pk,
                    {"state": "appraised"},
                    {"state": "published"},
                    "published",
                ),
                (
                    f"c2021/{self.other_commune.pk}",
                    self.other_commune.pk,
                    {"state": "submitted"},
                    {"state": "published"},
                    "published",
                ),
            ],
        )
        self.assertEqual(self.heard, [])

    def test_many_moves_are_all_checked_before_any_is_written(self):
        moves = [
            (self.standing_at(self.commune, State.PUBLISHED), State.APPRAISED),
            (self.standing_at(self.other_commune, State.APPRAISED), State.IN_PROGRESS),
        ]
        with self.assertRaises(MoveRefused):
            Assessment.move_many(self.campaign, moves, self.actor)
        self.assertEqual(self.state_of(self.commune), State.PUBLISHED)
        self.assertEqual(self.state_of(self.other_commune), State.APPRAISED)
        self.assertFalse(AuditEntry.objects.filter(action=Action.STATE_CHANGED).exists())
