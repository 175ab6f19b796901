"""Vietnamese for everyone, whatever the browser asks; English only for a person who picks it in the menu."""

from django.test import TestCase


class LanguageTests(TestCase):
    def test_a_browser_asking_for_english_gets_vietnamese(self):
        page = self.client.get("/login/", headers={"accept-language": "en-US,en;q=0.9"})
        self.assertContains(page, '<html lang="vi">')
        self.assertContains(page, "Đăng nhập")
        self.assertEqual(page["Content-Language"], "vi")
        self.assertNotIn("Accept-Language", page.get("Vary", ""))

    def test_after_choosing_english_in_the_menu_the_pages_are_in_english_until_vietnamese_is_chosen(self):
        english = {"accept-language": "en"}
        self.client.post("/i18n/setlang/", {"language": "en", "next": "/login/"}, headers=english)
        self.assertContains(self.client.get("/login/", headers=english), '<html lang="en">')
        self.assertContains(self.client.get("/login/", headers={"accept-language": "vi"}), "Log in")
        self.client.post("/i18n/setlang/", {"language": "vi", "next": "/login/"})
        self.assertContains(self.client.get("/login/", headers=english), "Đăng nhập")

    def test_a_language_the_app_does_not_speak_falls_back_to_vietnamese(self):
        self.client.cookies["django_language"] = "fr"
        self.assertContains(self.client.get("/login/"), '<html lang="vi">')
