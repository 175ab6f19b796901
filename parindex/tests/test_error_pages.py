"""Error pages (DEBUG off, as in production and in the demo): in Vietnamese, with a way home, never Django's bare
"403 Forbidden" or an English debug page; the admin is titled for parindex."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client, TestCase, override_settings
from django.urls import path

from parindex.urls import urlpatterns as app_urls


def _denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _missing(request: HttpRequest) -> HttpResponse:
    raise Http404("No Campaign matches the given query.")


def _suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("bad input")


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("database went away")


urlpatterns = [
    path("thu/403/", _denied),
    path("thu/404/", _missing),
    path("thu/400/", _suspicious),
    path("thu/500/", _broken),
    *app_urls,
]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
class ErrorPageTests(TestCase):
    def test_a_missing_page_answers_in_vietnamese_with_a_link_home(self):
        for url in ("/khong-co-trang-nay/", "/thu/404/"):
            with self.subTest(url=url):
                page = self.client.get(url, headers={"accept-language": "en"})
                self.assertContains(page, "Không tìm thấy trang", status_code=404)
                self.assertContains(page, 'href="/"', status_code=404)
                self.assertNotContains(page, "Not Found", status_code=404)
                self.assertNotContains(page, "No Campaign matches", status_code=404)

    def test_a_refusal_is_explained_in_vietnamese_not_403_forbidden(self):
        page = self.client.get("/thu/403/", headers={"accept-language": "en"})
        self.assertContains(page, "Không có quyền truy cập", status_code=403)
        self.assertNotContains(page, "Forbidden", status_code=403)

    def test_a_bad_request_and_a_server_error_have_their_own_vietnamese_pages(self):
        client = Client(raise_request_exception=False)
        bad = client.get("/thu/400/")
        self.assertContains(bad, "Yêu cầu không hợp lệ", status_code=400)
        broken = client.get("/thu/500/")
        self.assertContains(broken, "Đã xảy ra lỗi", status_code=500)
        self.assertContains(broken, 'href="/"', status_code=500)
        self.assertNotContains(broken, "database went away", status_code=500)
        self.assertNotContains(broken, "Traceback", status_code=500)

    def test_a_form_sent_without_its_security_token_is_explained(self):
        client = Client(enforce_csrf_checks=True)
        page = client.post("/login/", {"username": "x", "password": "y"})
        self.assertContains(page, "Biểu mẫu đã hết hiệu lực", status_code=403)
        self.assertNotContains(page, "CSRF verification failed", status_code=403)

    def test_a_person_who_chose_english_reads_the_error_in_english(self):
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get("/khong-co-trang-nay/"), "Page not found", status_code=404)

    def test_the_admin_is_titled_for_parindex_in_vietnamese(self):
        page = self.client.get("/admin/login/")
        self.assertContains(page, "Chỉ số CCHC – Quản trị hệ thống")
        self.assertNotContains(page, "Django")
