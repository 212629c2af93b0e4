"""Steering committee pages, by area: members, meetings, agenda, voting, resolutions and minutes.

Views parse, authorize, call one action or query and render; they never write to the ORM.
"""
