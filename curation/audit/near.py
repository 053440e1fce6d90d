"""Near-duplicates step: clusters of the prompt field (`curation.dedup.near_clusters`: MinHash LSH
candidates, each verified by word edit similarity), every member verified against its cluster's
representative (stars, not chains).

- `duplicate.near` (warning) on every member whose text differs from its representative's (exact
  copies are the exact step's), naming the representative row and the word edit similarity.
- `template.family` (info) on every member of a template family: a component of verified links
  over `family_share` of the rows, the slot-filled variants of one sentence pattern, which are not
  reported as duplicates. `cluster` = the family id (its smallest row), for split and report.
- rows.parquet: `near_cluster`, `near_cluster_size`, `near_similarity`, `near_family`.
"""

from __future__ import annotations

from dataclasses import asdict

import polars as pl

from curation import findings as F
from curation.audit.pipeline import AuditConfig, AuditContext, StepResult
from curation.dedup import NearClusters, NearParams, clip, min_words, near_clusters

NAME = "near"
TITLE = "Near duplicates"
LARGEST = 10  # clusters shown in the report
MEMBERS_SHOWN = 3
SIZE_BINS = ((2, 2), (3, 3), (4, 5), (6, 10), (11, 50), (51, None))


def params_of(config: AuditConfig) -> NearParams:
    return NearParams(threshold=config.near_threshold, num_perm=config.num_perm, family_share=config.family_share, seed=config.seed)


def per_row(ctx: AuditContext, result: NearClusters, prompt: str) -> pl.DataFrame:
    """row, the clusters' columns, the text, and whether the normalized text equals the representative's."""
    norm = ctx.normalized(prompt)
    frame = pl.DataFrame({"row": ctx.data["row"], "text": ctx.data[prompt], "norm": norm}).hstack(result.frame())
    rep_norm = norm.gather(frame["near_representative"].fill_null(0))
    return frame.with_columns(same_as_rep=(pl.col("norm") == rep_norm).fill_null(False))


def duplicate_findings(frame: pl.DataFrame, prompt: str) -> pl.DataFrame:
    members = frame.filter(pl.col("near_cluster").is_not_null() & ~pl.col("same_as_rep"))
    message = pl.format(
        "'{}' near-duplicates row {} (word edit similarity {}); {} rows in its cluster",
        pl.lit(prompt), pl.col("near_representative"), pl.col("near_similarity").round(2), pl.col("near_cluster_size"),
    )
    shown = members.select("row", "near_cluster", message.alias("message"), clip(pl.col("text"), 80).alias("evidence"))
    return F.findings(
        shown["row"], "duplicate.near", column=prompt, cluster=shown["near_cluster"], message=shown["message"],
        evidence=shown["evidence"], suggestion="keep one row per cluster (`curate split --dedup near`), or vary the text",
    )


def family_findings(frame: pl.DataFrame, result: NearClusters, prompt: str) -> pl.DataFrame:
    if not result.families:
        return F.empty()
    families = pl.DataFrame([{"near_family": f["id"], "family_size": f["size"], "family_rep": f["representative"]} for f in result.families])
    members = frame.filter(pl.col("near_family").is_not_null()).join(families, on="near_family")
    message = pl.format(
        "'{}' is one of {} rows of a template family (slot-filled variants of one pattern, like row {}), not a duplicate",
        pl.lit(prompt), pl.col("family_size"), pl.col("family_rep"),
    )
    shown = members.select("row", "near_family", message.alias("message"), clip(pl.col("text"), 80).alias("evidence"))
    return F.findings(
        shown["row"], "template.family", column=prompt, cluster=shown["near_family"], message=shown["message"],
        evidence=shown["evidence"], suggestion="write varied prompts or down-weight the family (`curate split` weights)",
    )


def size_histogram(frame: pl.DataFrame) -> dict[str, int]:
    sizes = frame.filter(pl.col("near_cluster").is_not_null()).group_by("near_cluster").agg(pl.len().alias("n"))["n"]
    return {
        (f"{lo}" if lo == hi else f"{lo}-{hi}" if hi else f"{lo}+"): int(((sizes >= lo) & (sizes <= (hi or sizes.max() or lo))).sum())
        for lo, hi in SIZE_BINS
    }


def largest_clusters(frame: pl.DataFrame, limit: int = LARGEST) -> list[dict]:
    """The biggest clusters with a member that differs from the representative: its text and up to
    MEMBERS_SHOWN members, the least similar first (the report shows them side by side with the
    differing words marked)."""
    top = (
        frame.filter(pl.col("near_cluster").is_not_null())
        .group_by("near_cluster")
        .agg(pl.len().alias("size"), pl.col("near_representative").first().alias("rep"), (~pl.col("same_as_rep")).any().alias("varied"))
        .filter("varied")  # clusters of identical copies are the exact step's to show
        .sort(["size", "near_cluster"], descending=[True, False]).head(limit)
        .select("near_cluster", "size", "rep")
    )
    out = []
    for cluster, size, rep in top.iter_rows():
        members = (
            frame.filter((pl.col("near_cluster") == cluster) & ~pl.col("same_as_rep"))
            .unique("norm", keep="first", maintain_order=True)  # one example per distinct text
            .sort(["near_similarity", "row"]).head(MEMBERS_SHOWN)
        )
        out.append({
            "cluster": cluster,
            "size": size,
            "representative": {"row": rep, "text": frame["text"][rep]},
            "members": [{"row": r, "text": t, "similarity": round(s, 4)} for r, t, s in members.select("row", "text", "near_similarity").iter_rows()],
        })
    return out


def run(ctx: AuditContext) -> StepResult:
    prompt = ctx.profile.prompt_field
    if prompt not in ctx.data.columns or ctx.data.schema[prompt] != pl.String:
        return StepResult(skipped=f"the prompt field '{prompt}' is missing or not text")
    params = params_of(ctx.config)
    result = near_clusters(ctx.data[prompt], params, normalized_texts=ctx.normalized(prompt))
    frame = per_row(ctx, result, prompt)
    dups = duplicate_findings(frame, prompt)
    fams = family_findings(frame, result, prompt)
    stats = result.stats
    counts = {key: stats[key] for key in ("rows", "distinct_texts", "short_texts", "shingles", "candidates", "compared_pairs", "verified_pairs", "candidate_precision",
                                          "clusters", "clustered_rows", "families", "family_rows")}
    counts.update(duplicate_near_findings=dups.height, template_family_findings=fams.height)
    return StepResult(
        findings=F.concat([dups, fams]),
        rows=frame.select("row", "near_cluster", "near_cluster_size", "near_similarity", "near_family"),
        metrics={
            "s_curve": stats["s_curve"],
            "counts": counts,
            "cluster_sizes": size_histogram(frame),
            "largest_clusters": largest_clusters(frame),
            "families": result.families,
            "seconds": stats["seconds"],
        },
        params={**asdict(params), "field": prompt, "bands": stats["bands"], "rows_per_band": stats["rows_per_band"],
                "similarity": (f"word-level Levenshtein (rapidfuzz) over the normalized words, 1 - edits / words of the longer text; a pair "
                               f"links when it stays >= {params.threshold} after {params.spare_edits} more edit(s)"),
                "candidates": (f"MinHash LSH of word {params.shingle}-gram sets, proposing a pair of Jaccard {params.candidate_jaccard} "
                               f"with probability {params.candidate_recall}; texts under {min_words(params)} words only as exact copies"),
                "minhash": "datasketch 2.0 affine32 scheme, polars word hashes folded per shingle"},
        fields={prompt: {"near_duplicate_rows": dups.height, "near_clusters": stats["clusters"],
                         "near_clustered_rows": stats["clustered_rows"], "near_family_rows": stats["family_rows"]}},
    )
