"""The sandbox documents render in (docgen.render.environment)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from docgen.render.environment import make_env, make_text_env, render_text


@pytest.mark.parametrize("source", [
    "{{ [mentor.nope]|list }}",
    "{{ [mentor]|map(attribute='nope')|list }}",
    "{{ {'a': mentor.nope} }}",
])
@pytest.mark.parametrize("env_of", [make_env, make_text_env], ids=["document", "file name"])
def test_an_undefined_value_inside_a_list_is_an_error_not_the_word_undefined(source, env_of):
    """Jinja prints a list's items by ``repr``; StrictUndefined's repr is a silent «Undefined»."""
    mentor = SimpleNamespace(fio="Кузнецова Анна")
    with pytest.raises(UndefinedError):
        render_text(env_of().from_string(source), {"mentor": mentor})


def test_an_unsafe_attribute_inside_a_list_stops_the_template():
    with pytest.raises(SecurityError):
        render_text(make_env().from_string("{{ [mentor]|map(attribute='__class__')|list }}"),
                    {"mentor": SimpleNamespace(fio="x")})


def test_defined_tests_and_defaults_still_work():
    env = make_env()
    mentor = SimpleNamespace(fio="x")
    assert render_text(env.from_string("{{ 'да' if mentor.nope is defined else 'нет' }}"), {"mentor": mentor}) == "нет"
    assert render_text(env.from_string("{{ mentor.nope|default('—') }}"), {"mentor": mentor}) == "—"
