"""Deterministic train/validation/test splits by document group.

Near-duplicate and same-story articles (syndicated copies, lightly edited rewrites) must
share a split, or the test set leaks into training. Documents are grouped by MinHash over
word shingles with LSH banding:

- words are ``\\w+`` runs of the case-folded text; shingles are ``shingle_size`` consecutive
  words (the whole text when it is shorter); each shingle is hashed with BLAKE2b (hashlib);
- ``num_perm`` hash functions ``(a·x + b) mod 2**64`` (``a``, ``b`` from SHA-256 of a fixed
  string, so groups never depend on the split seed) give the signature, split into
  ``bands`` bands; documents sharing a band are candidates, and a candidate pair is joined
  (union-find) when the signatures agree on at least ``threshold`` of their positions (an
  estimate of the shingle Jaccard similarity). Exact copies always agree everywhere.

Groups are then ordered by SHA-256 of ``seed`` and the group's smallest document id, and
laid along ``[0, 1)`` by document count: a group goes to the split whose ratio interval
holds the middle of its stretch. Same documents, ratios and seed → same splits, whatever
the input order.

No split with a positive ratio is left empty while there are enough groups for one (at
least as many groups as splits with a positive ratio): a split the stretch gave nothing
receives the smallest group (the last in the order on a tie) of the split holding the most
documents among those with more than one group. With fewer groups some split stays empty;
:func:`empty_splits` names it, the export omits it (see :mod:`annot.export.writer`) and the
card says why.

Memory: the document id (UTF-8 in one buffer, plus an 8-byte end offset) and its signature
cut to 16 bits per position (``num_perm`` × 2 bytes) per document, kept for the whole corpus,
with no Python object per document; the text itself is not kept. Splitting works on arrays
with one entry per group (:func:`split_groups`), so a 200,000-document corpus is planned in
tens of megabytes.
"""

from __future__ import annotations

import array
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "SPLITS",
    "DocumentIds",
    "NearDuplicateIndex",
    "SplitOptions",
    "assign_splits",
    "empty_splits",
    "minhash_signature",
    "split_groups",
]

SPLITS = ("train", "validation", "test")

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class SplitOptions:
    """How documents are grouped and split."""

    ratios: tuple[float, float, float] = (0.8, 0.1, 0.1)
    """Shares of train, validation and test (normalised; zeros allowed)."""
    seed: int = 0
    threshold: float = 0.5
    """Estimated shingle Jaccard similarity from which two documents share a group."""
    shingle_size: int = 3
    num_perm: int = 64
    bands: int = 16

    def __post_init__(self) -> None:
        if len(self.ratios) != 3 or min(self.ratios) < 0 or sum(self.ratios) <= 0:
            msg = (
                f"split ratios {self.ratios!r} must be three non-negative numbers (train, "
                "validation, test) with a positive sum, e.g. (0.8, 0.1, 0.1)"
            )
            raise ValueError(msg)
        if self.num_perm % self.bands:
            msg = f"num_perm {self.num_perm} must be a multiple of bands {self.bands}"
            raise ValueError(msg)
        if not 0.0 < self.threshold <= 1.0 or self.shingle_size < 1:
            msg = "threshold must be in (0, 1] and shingle_size at least 1"
            raise ValueError(msg)


def _permutations(num_perm: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    values = []
    for index in range(2 * num_perm):
        digest = hashlib.sha256(f"annot-minhash:{index}".encode()).digest()
        values.append(int.from_bytes(digest[:8], "little"))
    a = np.array(values[:num_perm], dtype=np.uint64) | np.uint64(1)  # odd: a bijection
    b = np.array(values[num_perm:], dtype=np.uint64)
    return a, b


_PERMUTATIONS: dict[int, tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]] = {}


def minhash_signature(
    text: str, *, shingle_size: int = 3, num_perm: int = 64
) -> npt.NDArray[np.uint64] | None:
    """The MinHash signature of ``text``'s word shingles; ``None`` when it has no word."""
    words = _WORD.findall(text.casefold())
    if not words:
        return None
    size = min(shingle_size, len(words))
    shingles = {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}
    hashes = np.array(
        sorted(
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "little")
            for s in shingles
        ),
        dtype=np.uint64,
    )
    if num_perm not in _PERMUTATIONS:
        _PERMUTATIONS[num_perm] = _permutations(num_perm)
    a, b = _PERMUTATIONS[num_perm]
    with np.errstate(over="ignore"):
        values = a[:, None] * hashes[None, :] + b[:, None]  # wraps modulo 2**64
    return np.asarray(values.min(axis=1), dtype=np.uint64)


class DocumentIds:
    """Document ids in the order they were added, in one UTF-8 buffer (surrogates passed)
    with where each ends: about the id's length plus 8 bytes per document, and no Python
    object per document."""

    __slots__ = ("_data", "_ends")

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array.array("Q")

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, position: int) -> str:
        """The id added at ``position`` (0-based)."""
        start = self._ends[position - 1] if position else 0
        return self._data[start : self._ends[position]].decode("utf-8", "surrogatepass")

    def append(self, document_id: str) -> None:
        self._data += document_id.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))

    def position_of(self, document_id: str) -> int | None:
        """Where ``document_id`` was added (a scan: for error messages), or ``None``."""
        wanted = document_id.encode("utf-8", "surrogatepass")
        start = 0
        for position, end in enumerate(self._ends):
            if self._data[start:end] == wanted:
                return position
            start = end
        return None

    def any_holds(self, character: str) -> bool:
        """Whether some id holds ``character``."""
        return character.encode("utf-8", "surrogatepass") in self._data


class NearDuplicateIndex:
    """Groups documents added one by one into near-duplicate groups (LSH + union-find).

    Memory per document: its id and its signature with each hash cut to its low 16 bits
    (``num_perm`` × 2 bytes, in a flat array: about 200 bytes for the defaults). Candidates
    are found at the end by sorting each band (its ``num_perm / bands`` cut hashes, as bytes),
    and a candidate pair is joined when the signatures agree on ``threshold`` of their
    positions (a band that collides by chance only adds a comparison; a cut hash, one
    agreeing position in 2**16: about 0.001 of 64, far from moving an estimate across a
    threshold). A document is compared with the first 8 earlier documents of each of
    its buckets (enough witnesses; bounds the work on huge buckets).
    """

    def __init__(self, options: SplitOptions | None = None) -> None:
        self.options = options or SplitOptions()
        self._ids = DocumentIds()
        self._signatures = array.array("H")
        self._words = bytearray()
        """1 for a document with a signature, 0 for one without a word."""

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def document_ids(self) -> DocumentIds:
        """The document ids, in the order they were added."""
        return self._ids

    def add(self, document_id: str, text: str) -> None:
        """Add a document; it joins the group of every near-duplicate (see :meth:`groups`)."""
        options = self.options
        signature = minhash_signature(
            text, shingle_size=options.shingle_size, num_perm=options.num_perm
        )
        self._ids.append(document_id)
        self._words.append(signature is not None)
        if signature is None:
            self._signatures.extend([0] * options.num_perm)
            return
        self._signatures.frombytes((signature & np.uint64(0xFFFF)).astype(np.uint16).tobytes())

    def roots(self) -> npt.NDArray[np.int64]:
        """The group of every document, as the position of its group's first document."""
        options, count = self.options, len(self)
        parent: npt.NDArray[np.int64] = np.arange(count, dtype=np.int64)

        def find(index: int) -> int:
            while parent[index] != index:
                parent[index] = parent[parent[index]]
                index = int(parent[index])
            return index

        if not count:
            return parent
        signatures = np.frombuffer(self._signatures, dtype=np.uint16).reshape(count, -1)
        rows = options.num_perm // options.bands
        band_bytes = np.dtype((np.void, 2 * rows))
        bands = np.ascontiguousarray(signatures.reshape(count, options.bands, rows))
        keys = bands.view(band_bytes)[..., 0]
        words = np.frombuffer(bytes(self._words), dtype=np.uint8).astype(bool)
        with_words = np.flatnonzero(words)
        for band in range(options.bands):
            column = keys[:, band]
            order = with_words[np.argsort(column[with_words], kind="stable")]
            ordered = column[order]
            starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
            ends = np.r_[starts[1:], len(order)]
            for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
                members = order[start:end]
                witnesses = [int(m) for m in members[:8]]
                for position, member in enumerate(int(m) for m in members):
                    for other in witnesses[: min(position, 8)]:
                        agree = float(np.mean(signatures[other] == signatures[member]))
                        if agree >= options.threshold:
                            a, b = find(member), find(other)
                            if a != b:
                                parent[max(a, b)] = min(a, b)
        # Every parent points to a smaller position: jumping to the parent's parent until
        # nothing moves leaves each document pointing at its root.
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                return parent
            parent = jumped

    def group_keys(
        self, roots: npt.NDArray[np.int64]
    ) -> tuple[Iterator[str], npt.NDArray[np.int64]]:
        """The key of every group (its smallest document id), groups ordered by root, made
        one at a time; and the position of every document's group in that order."""
        sizes = np.bincount(roots, minlength=len(self))
        group_roots = np.flatnonzero(sizes)
        smallest: dict[int, str] = {}
        for position in np.flatnonzero(sizes[roots] > 1):
            root, document_id = int(roots[position]), self._ids[int(position)]
            if root not in smallest or document_id < smallest[root]:
                smallest[root] = document_id
        keys = (
            smallest[root] if root in smallest else self._ids[root]
            for root in (int(r) for r in group_roots)
        )
        return keys, np.searchsorted(group_roots, roots)

    def groups(self) -> dict[str, str]:
        """Document id → group key (the smallest document id of its group)."""
        keys, group_of = self.group_keys(self.roots())
        key_of = list(keys)
        return {self._ids[position]: key_of[group] for position, group in enumerate(group_of)}


def assign_splits(groups: Mapping[str, str], options: SplitOptions | None = None) -> dict[str, str]:
    """Document id → split name, keeping every group in one split (see the module docstring)."""
    options = options or SplitOptions()
    sizes: dict[str, int] = {}
    for key in groups.values():
        sizes[key] = sizes.get(key, 0) + 1
    codes = split_groups(sizes, np.fromiter(sizes.values(), dtype=np.int64), options)
    split_of = {key: SPLITS[code] for key, code in zip(sizes, codes.tolist(), strict=True)}
    return {document_id: split_of[key] for document_id, key in groups.items()}


def split_groups(
    keys: Iterable[str], sizes: npt.NDArray[np.int64], options: SplitOptions
) -> npt.NDArray[np.uint8]:
    """The split (index into :data:`SPLITS`) of every group, given each group's key (its
    smallest document id) and its number of documents (see the module docstring)."""
    digests = bytearray()
    for key in keys:
        digests += hashlib.sha256(f"{options.seed}:{key}".encode("utf-8", "surrogatepass")).digest()
    count = len(sizes)
    codes = np.zeros(count, dtype=np.uint8)
    if not count:
        return codes
    # Keys differ, so their digests do: ordering by digest is ordering by (digest, key).
    order = np.argsort(np.frombuffer(digests, dtype="S32"), kind="stable")
    total = sum(options.ratios)
    bounds = []
    running = 0.0
    for ratio in options.ratios:
        running += ratio / total
        bounds.append(running)
    ranked = sizes[order]
    placed = np.cumsum(ranked) - ranked
    middles = (placed + ranked / 2) / int(sizes.sum())
    wanted = [index for index, ratio in enumerate(options.ratios) if ratio > 0]
    found = np.searchsorted(np.array(bounds), middles, side="right")
    codes[order] = np.where(found < len(SPLITS), found, wanted[-1]).astype(np.uint8)
    rank = np.empty(count, dtype=np.int64)
    rank[order] = np.arange(count)
    _fill_empty_splits(codes, sizes, rank, wanted)
    return codes


def _fill_empty_splits(
    codes: npt.NDArray[np.uint8],
    sizes: npt.NDArray[np.int64],
    rank: npt.NDArray[np.int64],
    wanted: list[int],
) -> None:
    """Move groups into empty splits of positive ratio while a donor has a group to spare:
    the donor is the split with the most documents among those with more than one group, and
    it gives its smallest group (the last in the order on a tie)."""
    for split in wanted:
        groups = np.bincount(codes, minlength=len(SPLITS))
        if groups[split]:
            continue
        donors = [other for other in wanted if groups[other] > 1]
        if not donors:
            return
        donor = max(donors, key=lambda other: (int(sizes[codes == other].sum()), SPLITS[other]))
        members = np.flatnonzero(codes == donor)
        smallest = members[sizes[members] == sizes[members].min()]
        codes[smallest[np.argmax(rank[smallest])]] = split


def empty_splits(split_of: Mapping[str, str], options: SplitOptions | None = None) -> list[str]:
    """The splits of positive ratio that received no document (too few groups for them)."""
    options = options or SplitOptions()
    used = set(split_of.values())
    return [
        name
        for name, ratio in zip(SPLITS, options.ratios, strict=True)
        if ratio > 0 and name not in used
    ]
