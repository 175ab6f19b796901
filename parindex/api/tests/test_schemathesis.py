"""Schemathesis over the API's own OpenAPI schema, in process through the WSGI application, with a valid token:
no server error, and every answer conforms to the schema (status code declared, content type, body)."""

from __future__ import annotations

from typing import Any

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from parindex.api.tests import hypothesis_compat
from parindex.api.tests.base import ApiTestCase

hypothesis_compat.install()

CHECKS = (not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance)
EXAMPLES = 12  # per operation and per kind of data: about 300 calls, well under a minute


@override_settings(ALLOWED_HOSTS=["localhost", "testserver"], API_RATE="100000/min")
class SchemathesisTests(ApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        # As Django's test client does: a request's end must not close the connection the test's transaction holds.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        self.addCleanup(request_started.connect, close_old_connections)
        self.addCleanup(request_finished.connect, close_old_connections)

    def test_the_api_conforms_to_its_schema_with_no_server_error(self):
        app = get_wsgi_application()
        # django-ninja writes OpenAPI 3.1, which this schemathesis supports behind its "experimental" switch.
        schemathesis.experimental.OPEN_API_3_1.enable()
        self.addCleanup(schemathesis.experimental.OPEN_API_3_1.disable)
        schema = schemathesis.from_wsgi(
            "/api/v1/openapi.json",
            app,
            data_generation_methods=[
                schemathesis.DataGenerationMethod.positive,
                schemathesis.DataGenerationMethod.negative,
            ],
        )
        headers = self.bearer(self.home_affairs)
        operations = [result.ok() for result in schema.get_all_operations()]
        self.assertEqual(len(operations), 16)
        for operation in operations:
            with self.subTest(operation=operation.verbose_name):

                @given(case=operation.as_strategy())
                @settings(
                    max_examples=EXAMPLES,
                    derandomize=True,
                    database=None,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                )
                def check(case: Any) -> None:
                    response = case.call(headers=headers)
                    case.validate_response(response, checks=CHECKS)

                check()
