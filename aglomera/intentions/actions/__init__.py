"""Every write to project intentions, split by who acts:

- `submission`: the applicant's intention, attachments, submission and withdrawal
- `evaluation`: formal check, working-group reviews, consolidation and recommendation
- `assignments`: which working-group members review an intention, by when
- `statements`: compliance statements and the managing authority's record
- `changes`: change requests and their routing by the competence rules
"""
