"""Survey aggregation: question means, weighted component and total means, respondents."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.scoring.numbers import quantize_points
from parindex.scoring.survey import (
    Answer,
    ComponentWeight,
    QuestionWeight,
    aggregate,
    weighted_mean,
)

COMPONENTS = [ComponentWeight("a", D(2)), ComponentWeight("b", D(1))]
QUESTIONS = [QuestionWeight("a1", "a", D(1)), QuestionWeight("a2", "a", D(3)), QuestionWeight("b1", "b", D(1))]


def answers(*rows):
    return [Answer(r, q, D(s)) for r, q, s in rows]


def test_a_hand_computed_unit():
    # a1: (100 + 60) / 2 = 80; a2: (20 + 60 + 100) / 3 = 60; a = (1·80 + 3·60) / 4 = 65
    # b1: only response 1 answered it with a score: 100; b = 100
    # total = (2·65 + 1·100) / 3 = 76.666… → 76.67
    figures = aggregate(
        COMPONENTS,
        QUESTIONS,
        answers((1, "a1", 100), (2, "a1", 60), (1, "a2", 20), (2, "a2", 60), (3, "a2", 100), (1, "b1", 100)),
    )
    assert figures.questions["a1"].value == D(80)
    assert figures.questions["a2"].value == D(60)
    assert figures.components["a"].value == D(65)
    assert figures.components["b"].value == D(100)
    assert quantize_points(figures.total.value) == D("76.67")
    assert (figures.components["a"].respondents, figures.components["b"].respondents) == (3, 1)
    assert figures.total.respondents == 3
    assert figures.questions["a2"].respondents == 3


def test_a_question_without_scored_answers_leaves_the_mean_with_its_weight():
    figures = aggregate(COMPONENTS, QUESTIONS, answers((1, "a1", 40), (1, "b1", 70)))
    assert figures.questions["a2"].value is None
    assert figures.components["a"].value == D(40)  # not (1·40 + 3·0) / 4
    assert figures.total.value == D(50)  # (2·40 + 70) / 3


def test_a_component_without_value_leaves_the_total():
    figures = aggregate(COMPONENTS, QUESTIONS, answers((1, "b1", 70)))
    assert figures.components["a"].value is None
    assert figures.components["a"].respondents == 0
    assert figures.total.value == D(70)


def test_no_answer_gives_no_value_and_no_respondent():
    figures = aggregate(COMPONENTS, QUESTIONS, [])
    assert figures.total.value is None
    assert figures.total.respondents == 0


def test_unknown_questions_and_bad_scores_are_programming_errors():
    with pytest.raises(ValueError, match="unknown question"):
        aggregate(COMPONENTS, QUESTIONS, answers((1, "zz", 10)))
    with pytest.raises(ValueError, match="outside"):
        aggregate(COMPONENTS, QUESTIONS, answers((1, "a1", 120)))
    with pytest.raises(ValueError, match="unknown component"):
        aggregate(COMPONENTS, [QuestionWeight("x", "nope")], [])


def test_weighted_mean_skips_missing_values():
    assert weighted_mean([(D(1), D(10)), (D(3), None), (D(1), D(20))]) == D(15)
    assert weighted_mean([(D(1), None)]) is None


# --- properties ---------------------------------------------------------------------------------------------------

scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
weights = st.decimals(min_value=D("0.5"), max_value=5, places=1, allow_nan=False, allow_infinity=False)


@st.composite
def surveys(draw):
    n_components = draw(st.integers(1, 4))
    components = [ComponentWeight(f"c{i}", draw(weights)) for i in range(n_components)]
    questions = [
        QuestionWeight(f"q{i}", f"c{draw(st.integers(0, n_components - 1))}", draw(weights))
        for i in range(draw(st.integers(1, 8)))
    ]
    rows = draw(
        st.lists(st.tuples(st.integers(1, 12), st.sampled_from([q.name for q in questions]), scores), max_size=60)
    )
    # one answer per response and question, as the database guarantees
    unique = {(r, q): s for r, q, s in rows}
    return components, questions, [Answer(r, q, s) for (r, q), s in unique.items()]


@settings(max_examples=200, deadline=None)
@given(surveys())
def test_every_value_lies_within_0_and_100(survey):
    figures = aggregate(*survey)
    values = [f.value for f in (*figures.questions.values(), *figures.components.values(), figures.total)]
    assert all(v is None or D(0) <= v <= D(100) for v in values)


@settings(max_examples=200, deadline=None)
@given(surveys(), st.randoms())
def test_the_order_of_answers_does_not_matter(survey, rnd):
    components, questions, rows = survey
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert aggregate(components, questions, rows) == aggregate(components, questions, shuffled)


@settings(max_examples=100, deadline=None)
@given(surveys(), st.integers(1, 20), st.integers(0, 7))
def test_an_unscored_answer_changes_nothing(survey, response, question):
    # "Không biết": an answer whose choice has no score, from a known or a new response, changes no figure and
    # makes no respondent.
    components, questions, rows = survey
    extra = Answer(response, questions[question % len(questions)].name, None)
    assert aggregate(components, questions, [*rows, extra]) == aggregate(components, questions, rows)


@settings(max_examples=200, deadline=None)
@given(st.lists(scores, min_size=1, max_size=10))
def test_equal_weights_give_the_plain_mean(values):
    components = [ComponentWeight("c")]
    questions = [QuestionWeight(f"q{i}", "c") for i in range(len(values))]
    rows = [Answer(1, f"q{i}", v) for i, v in enumerate(values)]
    figures = aggregate(components, questions, rows)
    assert figures.components["c"].value == sum(values) / len(values)
    assert figures.total.value == figures.components["c"].value


@settings(max_examples=200, deadline=None)
@given(surveys(), st.decimals(min_value=D("0.1"), max_value=10, places=1))
def test_scaling_every_weight_alike_changes_nothing(survey, factor):
    components, questions, rows = survey
    scaled_c = [ComponentWeight(c.code, c.weight * factor) for c in components]
    scaled_q = [QuestionWeight(q.name, q.component, q.weight * factor) for q in questions]
    before, after = aggregate(components, questions, rows), aggregate(scaled_c, scaled_q, rows)
    rounded = [None if f.value is None else quantize_points(f.value) for f in (before.total, after.total)]
    assert rounded[0] == rounded[1]


@settings(max_examples=100, deadline=None)
@given(surveys())
def test_respondents_of_the_total_are_those_with_a_scored_answer_anywhere(survey):
    components, questions, rows = survey
    figures = aggregate(components, questions, rows)
    assert figures.total.respondents == len({a.response for a in rows})
    assert all(f.respondents <= figures.total.respondents for f in figures.components.values())
