"""Lots (issue 16): an inbound line of many units, inspected as one lot.

``lots`` plans a lot from an inbound line (the category's inspection policy decides between
appraising every unit and drawing a sample) and reads lots back; ``samples`` draws the
units to pull, says where each one is and lists the drawn units with their results;
``planning`` is the one place that asks ``appraiser.sampling`` for a plan. Decisions
(``decisions``), unit labels (``unit_labels``), plausibility and the scorecard build on
the reading functions here: ``lots.get``, ``lots.list_lots``, ``samples.units``.
"""
