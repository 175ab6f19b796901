"""The scoring core is plain Python: importing it must not import Django."""

import subprocess
import sys


def test_the_scoring_core_imports_without_django():
    code = (
        "import sys, parindex.scoring, parindex.scoring.engine, parindex.scoring.rules, parindex.scoring.ranking;"
        "import parindex.scoring.survey;"
        "import parindex.scoring.gaps;"
        "import parindex.scoring.formula, parindex.scoring.formula_checks, parindex.scoring.counted;"
        "sys.exit(1 if any(m == 'django' or m.startswith('django.') for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
