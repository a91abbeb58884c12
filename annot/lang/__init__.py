"""Language resources: one home for every word list annot uses (see :mod:`annot.lang.id`)."""
