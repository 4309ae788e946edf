"""`seller-feedback`: the Feedback Manager download (`GET_SELLER_FEEDBACK_DATA`), one row per feedback.

Six tab columns, `Date Rating Comments Your Response Order ID Rater Email`, with headers in the
marketplace's language (DE, ES half English, MX); read by name where known. Dates are short and not
zero-padded: US `10/20/23` (month first), DE `20.10.23`, UK/EU/CA/MX `20/10/23` (day first): the reader
settles the order from the language and from the rows themselves (a first number over 12).
`Rater Email` is a buyer's address: recognised, never read into a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Day

from flywheel_cli.reports.kinds.base import Kind
from flywheel_cli.reports.spec import Field, HeaderMatch, KindSpec, aliases


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    """One feedback of the Feedback Manager download; the rater's email is never read into it."""

    line: int
    date: Day | None
    rating: int | None  # 1 to 5
    comments: str | None
    response: str | None  # the seller's public reply; empty when none
    order_id: str | None


FIELDS = [
    Field("date", aliases(en="Date", de="Datum", es="Fecha"), "date", required=True),
    Field("rating", aliases(en="Rating", de="Bewertung"), "int", required=True),
    Field("comments", aliases(en="Comments", de="Kommentar", es="Comentarios"), required=True),
    # `Response` alone is the Spanish file's (its header is half English): it makes the language es.
    Field("response", aliases(en="Your Response", de="Ihre Antwort", es=["Tu respuesta", "Response"])),
    Field("order_id", aliases(en="Order ID", de="Transaktionsnummer", es="Número de pedido"), required=True),
]
IGNORED = aliases(en="Rater Email", de="E-Mail des Bewertenden",
                  es=["E-mail del cliente", "Correo electrónico del evaluador"])  # fmt: skip


def _layout(match: HeaderMatch, header: object) -> str:
    return "feedback" if "response" in match.columns else "feedback-no-response"


class SellerFeedback(Kind):
    SPEC = KindSpec("seller-feedback", "Feedback Manager download (seller feedback)", FIELDS, IGNORED,
                    layout=_layout)  # fmt: skip
    RECORD = FeedbackRow
    DATE_FIELDS = ("date",)
    FAMILY = "feedback"
    EXPECTED = ("response",)


KIND = SellerFeedback()
