"""The statute's quorum as a reader says it: "more than half of the members (at least 3 of 5)",
not "more than 0,500 of the members".

A meeting is quorate when MORE than the quorum's share of the members entitled to vote take part
(calculations.voting.is_quorate); with n members that is floor(share * n) + 1 of them.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

_SIMPLE_DENOMINATORS = 10
_PLACES = Decimal("0.001")  # the quorum field's decimal places


def members_needed(quorum: Decimal, members: int) -> int:
    """The fewest of `members` that take MORE than the `quorum` share (3 of 5 for 0.5)."""
    return math.floor(Fraction(quorum) * members) + 1


def _share(quorum: Decimal) -> str:
    """1/2 as "half", 0.667 as "2/3", a share that is no simple fraction as a percentage."""
    fraction = Fraction(quorum).limit_denominator(_SIMPLE_DENOMINATORS)
    rounded = (Decimal(fraction.numerator) / fraction.denominator).quantize(_PLACES)
    if rounded == quorum.quantize(_PLACES):  # the statute stores 2/3 as 0.667
        return (
            _("half")
            if fraction == Fraction(1, 2)
            else f"{fraction.numerator}/{fraction.denominator}"
        )
    percent = (quorum * 100).normalize()
    places = max(0, -int(percent.as_tuple().exponent))
    return f"{number_format(percent, places, use_l10n=True)}\xa0%"


def quorum_text(quorum: Decimal, members: int) -> str:
    """The quorum rule in the active language, with the count for `members` active members."""
    if quorum <= 0:
        rule = _("at least one member entitled to vote takes part")
    else:
        rule = _("more than %(share)s of the members entitled to vote take part") % {
            "share": _share(quorum)
        }
    if members <= 0:
        return rule
    needed = min(members_needed(quorum, members), members)
    count = ngettext(
        "at least %(needed)d of %(members)d member",
        "at least %(needed)d of %(members)d members",
        members,
    ) % {"needed": needed, "members": members}
    return f"{rule} ({count})"
