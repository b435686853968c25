"""The ground floor: what every app shares and none of them owns (API plumbing, validators,
admin helpers, tabular downloads). It imports no app of this project."""
