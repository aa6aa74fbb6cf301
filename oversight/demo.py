"""Demo residents' voice and oversight for 文化路街道's 2020 plan, on top of the register and
progress demos: each area seeds its own part, in this order (see each area's demo.py)."""

import random

from .consultations import demo as consultations_demo
from .opinions import demo as opinions_demo


def seed(tally):
    # One sequence of random draws from a fixed seed, the opinions' and then the consultations':
    # the demo data stay what they were when both were one module.
    rng = random.Random(2020)  # noqa: S311  (repeatable demo data, not secrets)
    opinions_demo.seed(tally, rng=rng)
    consultations_demo.seed(tally, rng=rng)
    # Supervision and accountability, each part in its own module.
    from .funds import demo as demo_funds
    from .inspections import demo as demo_inspections
    from .organisation import demo as demo_organisation
    from .supervision import demo as demo_supervision

    for part in (demo_organisation, demo_supervision, demo_inspections, demo_funds):
        part.seed(tally)
