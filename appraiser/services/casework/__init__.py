"""One appraisal from start to outcome: workflow, capture, checklist, verdict, follow-up."""
