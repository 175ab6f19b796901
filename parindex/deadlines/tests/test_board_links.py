"""Every link on the deadline board and on a unit's "Việc cần làm" opens for the person who sees it (no 404 or 403),
and the to-do list shows the explanation deadline when the council asks the unit for an explanation."""

from datetime import datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from parindex.assessments.models import Assessment, Campaign, Question
from parindex.assessments.services import ensure_assessments
from parindex.tasks.models import Task, TaskUnit
from parindex.tests.district import DistrictTestCase

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class Links(HTMLParser):
    """The targets of the page's links (not its forms)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href and href.startswith("/"):
            self.hrefs.append(href.split("#")[0])


def links(response) -> list[str]:
    parser = Links()
    parser.feed(response.content.decode())
    return sorted(set(parser.hrefs))


class BoardLinkTests(DistrictTestCase):
    def setUp(self):
        now = timezone.now()
        Campaign.objects.filter(pk=self.campaign.pk).update(
            self_opens_at=now - timedelta(days=10),
            self_closes_at=now + timedelta(days=3),  # due this week: on the board
            explanation_closes_at=datetime(2026, 11, 27, 17, 0, tzinfo=VN),
        )
        ensure_assessments(self.campaign)
        # X-AN was given an earlier deadline by exception: its self-assessment is overdue.
        Assessment.objects.filter(campaign=self.campaign, unit=self.commune).update(
            deadline_override=now - timedelta(days=2)
        )
        task = Task.objects.create(
            code="NV-01",
            document_number="5/KH-UBND",
            document_date=timezone.localdate(),
            issuer=self.district,
            content="Rà soát thủ tục hành chính",
            deadline=now - timedelta(days=1),
        )
        TaskUnit.objects.create(task=task, unit=self.commune)

    def follow_every_link(self, user, page):
        self.client.force_login(user)
        response = self.client.get(page)
        self.assertEqual(response.status_code, 200, (user.username, page))
        targets = links(response)
        for href in targets:
            status = self.client.get(href, follow=True).status_code
            self.assertEqual(status, 200, f"{user.username} on {page}: {href} gave {status}")
        return targets

    def test_every_link_on_the_board_opens_for_home_affairs_and_leaders(self):
        board = reverse("assignments:board")
        for user in (self.home_affairs, self.viewer, self.commune_home_affairs):
            targets = self.follow_every_link(user, board)
            self.assertIn(reverse("assessments:unit-open", args=["c2021", "X-AN"]), targets, user.username)

    def test_every_link_on_a_units_to_do_list_opens_for_each_role(self):
        todo = reverse("assignments:todo", args=["X-AN"])
        people = (
            self.commune_officer,
            self.commune_head,
            self.home_affairs,
            self.viewer,
            self.appraiser,
            self.idle_appraiser,
            self.commune_home_affairs,
        )
        for user in people:
            targets = self.follow_every_link(user, todo)
            self.assertIn(reverse("assessments:unit-open", args=["c2021", "X-AN"]), targets, user.username)

    def test_the_self_assessment_link_leads_each_person_to_a_page_they_can_open(self):
        url = reverse("assessments:unit-open", args=["c2021", "X-AN"])
        sheet = reverse("assessments:unit-sheet", args=["c2021", "X-AN"])
        appraisal = reverse("assessments:appraisal-sheet", args=["c2021", "X-AN"])
        for user, target in (
            (self.commune_officer, sheet),
            (self.commune_head, sheet),
            (self.home_affairs, appraisal),
            (self.viewer, appraisal),
            (self.appraiser, appraisal),
            (self.idle_appraiser, reverse("assessments:campaign-detail", args=["c2021"])),
        ):
            self.client.force_login(user)
            self.assertRedirects(self.client.get(url), target, msg_prefix=user.username)
        for user in (self.other_officer, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user.username)

    def test_the_to_do_list_shows_the_explanation_deadline_when_one_is_asked(self):
        todo = reverse("assignments:todo", args=["X-AN"])
        self.client.force_login(self.commune_officer)
        self.assertNotContains(self.client.get(todo), "Giải trình với Hội đồng thẩm định")
        Assessment.objects.filter(campaign=self.campaign, unit=self.commune).update(
            state=Assessment.State.EXPLANATION_REQUESTED, submitted_at=timezone.now() - timedelta(days=3)
        )
        Question.objects.create(
            campaign=self.campaign, unit=self.commune, criterion=self.framework.criteria.get(code="1.1"), text="?"
        )
        response = self.client.get(todo)
        row = next(r for r in response.context["open"] if r["item"].kind == "explanation")
        self.assertEqual(row["item"].due, datetime(2026, 11, 27, 17, 0, tzinfo=VN))
        self.assertContains(response, "Giải trình với Hội đồng thẩm định: Chỉ số CCHC 2021 cấp xã")
        self.assertContains(response, "27/11/2026 17:00")
        # Not for another unit, and no longer once the results are locked.
        self.client.force_login(self.other_officer)
        self.assertNotContains(
            self.client.get(reverse("assignments:todo", args=["X-BINH"])), "Giải trình với Hội đồng thẩm định"
        )
        Campaign.objects.filter(pk=self.campaign.pk).update(status=Campaign.Status.LOCKED)
        self.client.force_login(self.commune_officer)
        self.assertNotContains(self.client.get(todo), "Giải trình với Hội đồng thẩm định")
