"""Indonesian language resources: the single home of annot's Indonesian word lists.

Ingest, the tokenizer, the pre-annotators and the Label Studio conversion all import their
word lists from here; nothing else in annot spells out an Indonesian word list.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Dates, datelines, sources and page furniture (used by ingest and the tokenizer)
# ---------------------------------------------------------------------------------------------


# (end of the dates/sources section)


# ---------------------------------------------------------------------------------------------
# Speech, quotes, names, titles, organisations, pronouns (used by pre-annotators and conversion)
# ---------------------------------------------------------------------------------------------


# (end of the speech/names section)
