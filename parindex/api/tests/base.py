"""The API's test base: the test district, a token per person, and calls that carry it."""

from __future__ import annotations

import json
from typing import Any

from django.core.cache import cache
from django.test import override_settings

from parindex.api.models import ApiToken
from parindex.tests.district import DistrictTestCase


@override_settings(API_RATE="10000/min")
class ApiTestCase(DistrictTestCase):
    def setUp(self) -> None:
        super().setUp()
        cache.clear()  # the throttle's counters
        self.tokens: dict[int, str] = {}

    def token(self, user: Any) -> str:
        if user.pk not in self.tokens:
            self.tokens[user.pk] = ApiToken.issue(user, "tests")[1]
        return self.tokens[user.pk]

    def bearer(self, user: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user)}"}

    def get(self, path: str, user: Any = None, **params: Any) -> Any:
        headers = self.bearer(user) if user is not None else {}
        return self.client.get(f"/api/v1{path}", params, headers=headers)

    def post_json(self, path: str, user: Any, body: Any) -> Any:
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", headers=self.bearer(user)
        )
