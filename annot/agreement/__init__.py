"""Agreement between annotators, and adjudication of several annotations into a gold one.

``agreement(annotations)`` measures every annotator pair (entity and quote F1, speaker
accuracy, stance kappa; Krippendorff's alpha over all); ``write_agreement_report`` writes a
markdown report with a PNG heatmap. ``adjudicate_all(annotations, policy)`` decides a gold
annotation per document and lists what no policy settles.
"""

from annot.agreement.adjudicate import (
    Adjudication,
    AdjudicationPolicy,
    Disagreement,
    adjudicate,
    adjudicate_all,
)
from annot.agreement.metrics import (
    AgreementReport,
    PairAgreement,
    agreement,
    cohen_kappa,
    krippendorff_alpha,
    match_overlapping,
)
from annot.agreement.report import (
    METRICS,
    agreement_markdown,
    plot_heatmap,
    render_agreement,
    write_agreement_report,
)

__all__ = [
    "METRICS",
    "Adjudication",
    "AdjudicationPolicy",
    "AgreementReport",
    "Disagreement",
    "PairAgreement",
    "adjudicate",
    "adjudicate_all",
    "agreement",
    "agreement_markdown",
    "cohen_kappa",
    "krippendorff_alpha",
    "match_overlapping",
    "plot_heatmap",
    "render_agreement",
    "write_agreement_report",
]
