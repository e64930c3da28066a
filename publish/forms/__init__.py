"""The fillable forms: the self-assessment and the action plan, their tag grammar and answers, prefill."""
