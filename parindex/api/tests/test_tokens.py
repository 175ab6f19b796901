from __future__ import annotations

import io
import json
import re
from datetime import timedelta

from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings
from django.utils import timezone

from parindex.api.admin import ApiTokenAdmin
from parindex.api.models import ApiToken, digest_of
from parindex.api.tests.base import ApiTestCase
from parindex.audit.models import Action, AuditEntry


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class TokenTests(ApiTestCase):
    def test_create_token_prints_the_token_once_and_keeps_only_its_sha256(self):
        out, err = run("create_token", "--user", "noivu", "--name", "Một cửa", "--expires", "2027-01-31")
        token = out.strip()
        self.assertRegex(token, r"^pix_[0-9a-f]{12}_[A-Za-z0-9_-]{40,}$")
        row = ApiToken.objects.get()
        self.assertEqual((row.user, row.name, row.prefix), (self.home_affairs, "Một cửa", token.split("_")[1]))
        self.assertEqual(row.digest, digest_of(token))
        self.assertNotIn(token.split("_", 2)[2], row.digest + row.prefix + row.name)
        self.assertEqual(timezone.localtime(row.expires_at).date().isoformat(), "2027-01-31")
        self.assertIn(row.prefix, err)
        response = self.client.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([c["code"] for c in response.json()], ["c2021"])

    def test_create_token_refuses_an_unknown_user_or_a_bad_date_in_one_line(self):
        with self.assertRaisesRegex(CommandError, "ai-do"):
            run("create_token", "--user", "ai-do")
        with self.assertRaisesRegex(CommandError, "YYYY-MM-DD"):
            run("create_token", "--user", "noivu", "--expires", "31/01/2027")
        with self.assertRaises(CommandError):
            run("create_token", "--user", "noivu", "--expires", "2020-01-01")
        run("create_token", "--user", "noivu", "--dry-run")
        self.assertFalse(ApiToken.objects.exists())

    def test_without_a_token_the_api_answers_401_in_json(self):
        response = self.get("/campaigns")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"], "unauthorized")
        self.assertIn("Bearer", response["WWW-Authenticate"])
        for header in ("Bearer", "Bearer pix_nothing_here", "Basic bm9pdnU6cHc=", "Token x"):
            response = self.client.get("/api/v1/campaigns", headers={"Authorization": header})
            self.assertEqual(response.status_code, 401, header)

    def test_a_token_with_a_wrong_secret_is_refused_even_with_a_known_prefix(self):
        token = self.token(self.home_affairs)
        forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        response = self.client.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {forged}"})
        self.assertEqual(response.status_code, 401)

    def test_a_revoked_token_answers_401_at_once(self):
        token = self.token(self.home_affairs)
        self.assertEqual(self.get("/campaigns", self.home_affairs).status_code, 200)
        out, _err = run("revoke_token", token.split("_")[1])
        self.assertIn("1", out)
        response = self.client.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"], "unauthorized")

    def test_revoke_token_by_user_revokes_every_token_of_that_user_only(self):
        ApiToken.issue(self.home_affairs, "a")
        ApiToken.issue(self.home_affairs, "b")
        ApiToken.issue(self.viewer, "c")
        run("revoke_token", "--user", "noivu")
        self.assertEqual(ApiToken.objects.filter(revoked_at__isnull=True).count(), 1)
        with self.assertRaises(CommandError):
            run("revoke_token", "pix_000000000000_x")

    def test_an_expired_token_answers_401(self):
        _row, token = ApiToken.issue(self.home_affairs, "old", timezone.now() - timedelta(seconds=1))
        response = self.client.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(response.status_code, 401)

    def test_a_token_of_a_deactivated_user_answers_401(self):
        token = self.token(self.home_affairs)
        self.home_affairs.is_active = False
        self.home_affairs.save()
        response = self.client.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(response.status_code, 401)

    def test_the_admin_revokes_tokens_and_never_shows_their_digest(self):
        row, token = ApiToken.issue(self.home_affairs, "một cửa")
        admin = ApiTokenAdmin(ApiToken, site)
        request = RequestFactory().post("/admin/api/apitoken/")
        request.user = self.home_affairs
        admin.message_user = lambda *args, **kwargs: None
        admin.revoke(request, ApiToken.objects.filter(pk=row.pk))
        row.refresh_from_db()
        self.assertIsNotNone(row.revoked_at)
        self.assertNotIn("digest", admin.get_fields(request, row))
        self.assertFalse(admin.has_add_permission(request))
        self.assertFalse(admin.has_delete_permission(request, row))
        response = self.client.get("/api/v1/campaigns", headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(response.status_code, 401)

    def test_the_admin_lists_a_token_without_its_digest(self):
        row, _token = ApiToken.issue(self.home_affairs, "một cửa")
        admin_user = self.person("quantri", None, None, is_staff=True, is_superuser=True)
        self.client.force_login(admin_user)
        listing = self.client.get("/admin/api/apitoken/")
        self.assertContains(listing, row.prefix)
        page = self.client.get(f"/admin/api/apitoken/{row.pk}/change/")
        self.assertContains(page, "một cửa")
        self.assertNotContains(page, row.digest)

    def test_the_last_use_of_a_token_is_recorded(self):
        self.get("/units", self.viewer)
        self.assertIsNotNone(ApiToken.objects.get(user=self.viewer).last_used_at)

    @override_settings(API_RATE="5/min")
    def test_the_api_answers_429_past_the_rate_of_a_token_and_counts_each_token_apart(self):
        codes = [self.get("/units", self.home_affairs).status_code for _ in range(6)]
        self.assertEqual(codes, [200] * 5 + [429])
        response = self.get("/units", self.home_affairs)
        self.assertEqual(response.json()["error"], "too_many_requests")
        self.assertIn("Retry-After", response)
        self.assertEqual(self.get("/units", self.viewer).status_code, 200)


class TokenAuditTests(ApiTestCase):
    def test_issuing_and_revoking_a_token_are_audited_without_its_secret_or_digest(self):
        out, _err = run("create_token", "--user", "noivu", "--name", "Một cửa")
        token = out.strip()
        row = ApiToken.objects.get()
        issued = AuditEntry.objects.get(action=Action.API_TOKEN_ISSUED)
        self.assertEqual((issued.object_type, issued.object_id), ("api_token", str(row.pk)))
        self.assertEqual(issued.after["user"], "noivu")
        self.assertEqual(issued.after["revoked_at"], None)
        run("revoke_token", row.prefix)
        revoked = AuditEntry.objects.get(action=Action.API_TOKEN_REVOKED)
        self.assertIsNone(revoked.before["revoked_at"])
        self.assertIsNotNone(revoked.after["revoked_at"])
        for entry in (issued, revoked):
            text = json.dumps([entry.before, entry.after])
            self.assertNotIn(row.digest, text)
            self.assertNotIn(token.split("_", 2)[2], text)

    def test_revoking_an_already_revoked_token_writes_nothing(self):
        row, _token = ApiToken.issue(self.home_affairs, "một cửa")
        run("revoke_token", row.prefix)
        run("revoke_token", row.prefix)
        self.assertEqual(AuditEntry.objects.filter(action=Action.API_TOKEN_REVOKED).count(), 1)


class SchemaAndDocsTests(ApiTestCase):
    def test_the_openapi_schema_describes_every_route_with_bearer_authentication(self):
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertTrue(schema["openapi"].startswith("3."))
        self.assertIn("/api/v1/campaigns/{code}/ranking", schema["paths"])
        self.assertEqual([s["scheme"] for s in schema["components"]["securitySchemes"].values()], ["bearer"])

    def test_the_docs_page_loads_nothing_from_outside_the_site(self):
        response = self.client.get("/api/v1/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("/static/parindex/vendor/swagger-ui-5.31.0/swagger-ui-bundle.js", html)
        self.assertIn('data-openapi-url="/api/v1/openapi.json"', html)
        self.assertEqual(re.findall(r"""(?:src|href)=["'](?:https?:)?//""", html), [])
        self.assertNotIn("<script>", html)  # no inline script: the strict Content-Security-Policy holds
