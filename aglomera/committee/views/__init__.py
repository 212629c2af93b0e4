"""Steering committee pages, by area: members, meetings, agenda, voting, resolutions and minutes.

Views parse, authorize, call one action or query and render; they never write to the ORM.
Every page is a `tenant_view`; objects come through `get_in_tenant`. The buttons that only
POST keep `login_required` and `require_POST` above `tenant_view`: a visitor goes to the login
and a GET is 405 for anyone signed in, before the agglomeration is looked at.
"""
