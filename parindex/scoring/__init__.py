"""The scoring core: rule evaluation, aggregation, not-applicable rescaling, ranking and bands.

Plain Python with exact decimal arithmetic and no Django import: views and commands call it, it never calls them.
"""

from parindex.scoring.engine import Leaf, NodeResult, Tree, UnitResult, compute_unit
from parindex.scoring.numbers import quantize_points, to_decimal
from parindex.scoring.ranking import Band, band_for, rank_competition
from parindex.scoring.rules import Bands, Choice, Deduction, Manual, Option, Proportional, Rule, RuleInputError

__all__ = [
    "Band",
    "Bands",
    "Choice",
    "Deduction",
    "Leaf",
    "Manual",
    "NodeResult",
    "Option",
    "Proportional",
    "Rule",
    "RuleInputError",
    "Tree",
    "UnitResult",
    "band_for",
    "compute_unit",
    "quantize_points",
    "rank_competition",
    "to_decimal",
]
