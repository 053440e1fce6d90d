"""Phone numbers and short codes in text, with the words around them, judged against the helpline
registry. Shared by the helpline check (is this the right line?) and the PII check (is this a
person's own number?).

One regex pass over the distinct texts cuts each into numbers and the text between them; full
numbers (7+ digits, possibly grouped) count anywhere, short codes (3-6 digits) only where the words
around them make them a phone number ("dial 112", "helpline 1091", "Tele-MANAS (14416)"). Full
numbers are parsed and validated with `phonenumbers` (region IN), once per distinct candidate; what
the words around a number claim (purpose, organisation) is worked out once per distinct context.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
import polars as pl
from rapidfuzz.distance import Levenshtein

from curation.verify.registry import Registry

_B = r"(?-u:\b)"
_SHORT = r"[1-9][0-9]{2,5}"
_DATE = r"^[0-9]{1,2}\s*[./-]\s*[0-9]{1,2}\s*[./-]\s*[0-9]{2,4}$"
_YEARS = r"^(?:19|20)[0-9]{2}\s*[-–]\s*(?:19|20)?[0-9]{2}$"
_AADHAAR_SHAPE = r"^[2-9][0-9]{3}[ -][0-9]{4}[ -][0-9]{4}$"
_LIST_BREAK = r"\.\s"  # "7.  123456789": a numbered list's item, not a grouped phone number
BEFORE_CHARS, AFTER_CHARS = 60, 80  # how far the words around a number are read
# Purpose tags that describe the incident rather than the line ("report the harassment"): they decide
# a wrong purpose only when no other purpose is named beside the number.
_INCIDENT_TAGS = ["safety"]
_CONNECTOR = r"^[\s,/&]*(?i:or|and)?[\s,/&]*$"  # "112, 181 or 1091": the later numbers share the first's context
# Where the words before a number start: after a sentence or list break.
_BREAK_BEFORE = r"^.*(?:[.;!?,]|(?-u:\b)(?i:or|and|but)(?-u:\b))"
# Where the words that describe a number stop: a sentence end, a comma, "or", or "and" starting
# another contact ("and the NCW helpline", "and a trusted person"), but not "and ask for police".
_BREAK_AFTER = r"(?:[.;!?,]|(?-u:\b)(?i:or|but)(?-u:\b)|(?-u:\b)(?i:and\s+(?:the|a|an|her|his|your|their|also|then|call|dial|contact))(?-u:\b)).*$"
# "14567, the helpline for women in distress": an apposition names what the number is
_APPOSITION = r"^\s*\)?\s*,\s*((?i:the|a|an)\s+[^,.;!?]{0,60})"
# Where the words that may name a number's organisation start: the sentence, or the contact after an
# "or"/"and"/"but" ("Contact Shakti Shalini (011-...) or your brother at 98..."); not after a comma:
# "the Presidential Press Office, at +1 202 ..." names the office.
_BREAK_ORG = r"^.*(?:[.;!?]|(?-u:\b)(?i:or|and|but)(?-u:\b))"


def _fold(expr: pl.Expr) -> pl.Expr:
    """Lower case, one kind of apostrophe, single spaces: how words around numbers are compared."""
    return expr.str.to_lowercase().str.replace_all("’", "'", literal=True).str.replace_all(r"\s+", " ")


@lru_cache(maxsize=8)
def vocabulary(registry: Registry) -> dict[str, object]:
    """The words that say what a number is (call words, helpline words, organisation names, purpose
    words) as one regex plus a table term -> (kind, value); lookup frames for suggestions."""
    phones = registry.phones
    rows = [(w, "call", None) for w in phones.call_words] + [(w, "helpline", None) for w in phones.helpline_words]
    rows += [(w, "tag", tag) for tag, words in registry.purpose_words.items() for w in words]
    rows += [(o, "org", o.lower()) for orgs in registry.helplines["orgs"].to_list() for o in orgs]
    terms = pl.DataFrame(rows, schema={"term": pl.String, "kind": pl.String, "value": pl.String}, orient="row").with_columns(
        _fold(pl.col("term")).alias("term")
    ).unique()
    words = sorted(set(terms["term"].to_list()), key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    regex = rf"(?i:{_B}(?:{alternation}){_B})"
    orgs = (
        registry.helplines.select("key", "orgs").explode("orgs").drop_nulls("orgs")
        .group_by(pl.col("orgs").str.to_lowercase().alias("org")).agg(pl.col("key").alias("org_keys"))
    )
    lines = (
        registry.helplines.filter((pl.col("status") == "active") & pl.col("verified"))
        .select("number", "name", "scope", pl.col("purposes").alias("tag")).explode("tag")
        .sort(pl.col("scope") != "national", maintain_order=True)
        .group_by("tag", maintain_order=True)
        .agg(pl.format("{} ({})", "number", "name").head(3).str.join(", ").alias("lines"))
    )
    org_lines = (
        registry.helplines.filter(pl.col("status").is_in(["active", "legacy"]))
        .select("number", "orgs").explode("orgs").drop_nulls("orgs")
        .group_by(pl.col("orgs").str.to_lowercase().alias("org"), maintain_order=True)
        .agg(pl.col("number").str.join(" or ").alias("org_numbers"))
    )
    replacements = registry.helplines.select(pl.col("number").alias("replaced_by"), pl.col("name").alias("replacement_name"))
    return {"full": phones.full, "terms": terms, "terms_regex": regex, "not_before": list(phones.not_before),
            "not_after": list(phones.not_after), "orgs": orgs, "org_lines": org_lines, "lines": lines,
            "organisation": _organisation_regex(registry), "call_lead": rf"^(?i:(?:{'|'.join(map(re.escape, phones.call_words))})\s+)+",
            "replacements": replacements}


def _organisation_regex(registry: Registry) -> str | None:
    """One regex whose first group is an organisation's name as written: a name the registry lists
    (`organisations`, case folded), or capitalised words ending in an organisation word ("Vandrevala
    Foundation", "Presidential Press Office"; an acronym such as NGO on its own)."""
    names = {n for row in registry.organisations.select(pl.concat_list("name", "aliases")).to_series().to_list() for n in row}
    words = registry.phones.organisation_words
    parts = []
    if names:
        parts.append("(?i:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True)) + ")")
    if words:
        capitalised = r"\p{Lu}[\p{L}\p{M}'’.&-]*"
        parts.append(rf"(?:{capitalised}\s+){{1,5}}(?:{'|'.join(map(re.escape, words))})")
        acronyms = [w for w in words if w.isupper()]
        if acronyms:
            parts.append("|".join(map(re.escape, acronyms)))
    return rf"{_B}({'|'.join(parts)}){_B}" if parts else None


def _tokens(texts: pl.Series, vocab: dict[str, object], short_codes: bool) -> pl.DataFrame:
    """Every number candidate of every distinct text, with the text just before and after it:
    tid (the text's position in `texts`), n (order), num, before, after.

    One regex pass cuts each text into tokens (full numbers, short codes, other digit runs, and the
    text between them), so each number's neighbours are its neighbouring tokens: one number's
    trailing words never take the next number's leading ones ("call 112 or the women's helpline 1098")."""
    full = str(vocab["full"])
    prefilter = r"[0-9]{3}|[0-9][0-9 ().+-]{5,}[0-9]" if short_codes else r"[0-9][0-9 ().+-]{5,}[0-9]"
    distinct = texts.to_frame("text").with_row_index("tid").drop_nulls("text").filter(pl.col("text").str.contains(prefilter))
    pieces = f"(?:{full})" + (f"|{_B}{_SHORT}{_B}" if short_codes else "") + r"|[0-9+]+|[^0-9+]+"
    tokens = (
        distinct.select("tid", pl.col("text").str.extract_all(pieces).alias("token"))
        .explode("token").drop_nulls("token")
    )
    same_text = lambda k: pl.col("tid").shift(k) == pl.col("tid")  # noqa: E731
    is_number = pl.col("token").str.contains(r"^\+?[0-9]")
    tokens = tokens.with_columns(is_number.alias("is_number")).with_columns(
        pl.when(same_text(1) & ~pl.col("is_number").shift(1)).then(pl.col("token").shift(1).str.slice(-BEFORE_CHARS)).otherwise(pl.lit("")).alias("before"),
        pl.when(same_text(-1) & ~pl.col("is_number").shift(-1)).then(pl.col("token").shift(-1).str.slice(0, AFTER_CHARS)).otherwise(pl.lit("")).alias("after"),
    )
    numbers = tokens.filter(pl.col("is_number")).with_columns(pl.col("token").str.replace_all(r"[^0-9]", "").alias("digits"))
    kind = (
        pl.when(pl.col("token").str.contains(f"^(?:{full})$") & (pl.col("digits").str.len_chars() >= 7)).then(pl.lit("full"))
        .when(pl.lit(short_codes) & pl.col("token").str.contains(f"^{_SHORT}$")).then(pl.lit("short"))
    )
    return (
        numbers.with_columns(kind.alias("kind"), pl.int_range(pl.len()).alias("n"))
        .filter(pl.col("kind").is_not_null())
        .select("tid", "n", "kind", pl.col("token").alias("num"), "digits", "before", "after")
    )


def _parse_full(nums: pl.Series) -> pl.DataFrame:
    """num -> key (E.164 digits), valid, toll_free, for each distinct full-number candidate."""
    rows = [(num, *_parse_number(num)) for num in nums.unique().to_list()]
    return pl.DataFrame(rows, schema={"num": pl.String, "key": pl.String, "valid": pl.Boolean, "toll_free": pl.Boolean}, orient="row")


@lru_cache(maxsize=1 << 16)
def _parse_number(num: str) -> tuple[str | None, bool, bool]:
    """(key, valid, toll_free) of one number as written. `phonenumbers` parses in Python (~0.3 ms a
    number), and the helpline and PII checks meet the same numbers: each is parsed once per process."""
    try:
        parsed = phonenumbers.parse(num, "IN")
    except phonenumbers.NumberParseException:
        return None, False, False
    kind = phonenumbers.number_type(parsed)
    toll_free = kind in (phonenumbers.PhoneNumberType.TOLL_FREE, phonenumbers.PhoneNumberType.SHARED_COST)
    return f"{parsed.country_code}{parsed.national_number}", phonenumbers.is_valid_number(parsed), toll_free


def mentions(texts: pl.Series, registry: Registry, short_codes: bool = True) -> pl.DataFrame:
    """Every phone number (and, with `short_codes`, every in-context short code) in `texts` (distinct:
    callers deduplicate): tid (the text's position), kind, n, num, the registry entry (if any), the purposes and organisations the words
    around it claim, and `role`: 'helpline' (the registry knows it, it is toll-free, or the words
    present it as a helpline) or 'personal' (a valid number with no helpline context); other
    candidates are dropped. A number beside an organisation's name (`named_org`) is a helpline."""
    vocab = vocabulary(registry)
    found = _tokens(texts, vocab, short_codes).with_columns(pl.col("num").str.strip_chars(" -.()"))
    found = found.filter(~(
        (pl.col("kind") == "full")
        & (pl.col("num").str.contains(_DATE) | pl.col("num").str.contains(_YEARS) | pl.col("num").str.contains(_AADHAAR_SHAPE)
           | pl.col("num").str.contains(_LIST_BREAK) | (pl.col("digits").str.len_chars() > 15))
    ))
    parsed = _parse_full(found.filter(pl.col("kind") == "full")["num"])
    found = found.join(parsed, on="num", how="left").with_columns(
        pl.when(pl.col("kind") == "short").then(pl.col("digits")).otherwise(pl.col("key")).alias("key"),
        pl.col("valid").fill_null(False), pl.col("toll_free").fill_null(False),
    )
    # what the words around a number claim, worked out once per distinct context
    contexts = _context(found.select("before", "after").unique(), vocab)
    found = found.join(contexts, on=["before", "after"], how="left").drop("after").rename({"after_own": "after"})
    entries = registry.helplines.select(
        "key", pl.col("number").alias("entry_number"), "name", "purposes", "status", "replaced_by", "correct", "verified",
        pl.col("note").alias("entry_note"), pl.lit(True).alias("known"),
    )
    found = found.join(entries, on="key", how="left").with_columns(pl.col("known").fill_null(False))
    found = _short_code_runs(found.sort(["tid", "n"]))
    # a number beside an organisation's name is that organisation's line: never a person's own
    helpline_ctx = (pl.col("has_helpline_word") | (pl.col("orgs").list.len() > 0) | pl.col("named_org").is_not_null()
                    | (pl.col("has_call") & (pl.col("tags").list.len() > 0)))
    role = (
        pl.when(pl.col("kind") == "short").then(pl.when(pl.col("short_ok")).then(pl.lit("helpline")))
        .when(pl.col("known") | pl.col("toll_free") | helpline_ctx).then(pl.lit("helpline"))
        .when(pl.col("valid")).then(pl.lit("personal"))
    )
    found = found.with_columns(role.alias("role")).filter(pl.col("role").is_not_null())
    return found.with_columns(
        # the number with up to five words on each side, as written
        (pl.col("clause").str.extract(r"((?:\S+\s+){0,4}\S*)$", 1).fill_null("") + pl.col("num")
         + pl.col("after_raw").str.extract(r"^((?:\s*\S+){0,5})", 1).fill_null(""))
        .str.strip_chars().str.replace_all(r"\s+", " ").alias("evidence"),
    )


def _short_code_runs(found: pl.DataFrame) -> pl.DataFrame:
    """`short_ok`: a short code counts only in a phone context; a list ("112, 181 or 1091") shares its
    first number's context. `found` is in text order (tid, n)."""
    # A registry short code needs only a call word ("dial 112"); an unknown one must be presented as a
    # helpline ("helpline 1555", "call 1555 for women in distress"), not merely follow "contact".
    presented = pl.col("has_helpline_word") | (pl.col("orgs").list.len() > 0) | (pl.col("has_call") & (pl.col("tags").list.len() > 0))
    own = pl.when(pl.col("known")).then(pl.col("has_call") | presented).otherwise(presented) & ~pl.col("excluded")
    continues = (pl.col("before").str.contains(_CONNECTOR) & (pl.col("tid").shift(1) == pl.col("tid"))
                 & (pl.col("kind").shift(1) == "short")).fill_null(False)
    head_ok = pl.when(~continues).then(own)
    return found.with_columns((head_ok.forward_fill() & ~pl.col("excluded")).fill_null(False).alias("short_ok"))


def _context(contexts: pl.DataFrame, vocab: dict[str, object]) -> pl.DataFrame:
    """For each distinct (before, after): the clause before the number, the words after it that
    describe it, and what they claim: call words, helpline words, organisations, purpose tags. The
    words are found in one pass and classified by a join with the vocabulary."""
    after = pl.col("after")
    own_after = after.str.replace(r"^\s*\)", "").str.replace(_BREAK_AFTER, "")
    contexts = contexts.with_row_index("cid").with_columns(
        pl.col("before").str.replace(_BREAK_BEFORE, "").alias("clause"),
        after.str.replace(_BREAK_AFTER, "").alias("after_raw"),  # as written, for the evidence
        pl.concat_str([own_after, after.str.extract(_APPOSITION, 1).fill_null("")], separator=" ").alias("after_own"),
        _fold(after).str.extract(r"^[\s)]*([a-z%']+)", 1).alias("next_word"),
    ).with_columns(
        (pl.col("clause") + " " + pl.col("after_own")).alias("around"),
        _fold(pl.col("clause")).str.extract(r"([a-z§₹]+)[^a-z§₹]*$", 1).alias("last_word"),
    )
    hits = (
        contexts.select("cid", _fold(pl.col("around")).str.extract_all(str(vocab["terms_regex"])).alias("term"))
        .explode("term").drop_nulls("term")
        .with_columns(_fold(pl.col("term")))
        .join(vocab["terms"], on="term", how="inner")
    )
    claims = hits.group_by("cid").agg(
        (pl.col("kind") == "call").any().alias("has_call"),
        (pl.col("kind") == "helpline").any().alias("has_helpline_word"),
        pl.col("value").filter(pl.col("kind") == "org").unique().alias("orgs"),
        pl.col("value").filter(pl.col("kind") == "tag").unique().alias("tags"),
        pl.col("term").filter(pl.col("kind") == "org").first().alias("org_term"),
    )
    organisation = vocab["organisation"]
    if organisation is not None:
        named = pl.concat_str([pl.col("before").str.replace(_BREAK_ORG, ""), pl.col("after_own")], separator=" ").str.extract(organisation, 1)
        contexts = contexts.with_columns(named.str.replace(str(vocab["call_lead"]), "").str.replace_all(r"\s+", " ").alias("named_org"))
    else:
        contexts = contexts.with_columns(pl.lit(None, dtype=pl.String).alias("named_org"))
    out = contexts.join(claims, on="cid", how="left").with_columns(
        pl.col("has_call", "has_helpline_word").fill_null(False),
        pl.col("orgs", "tags").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        (pl.col("last_word").is_in(vocab["not_before"]).fill_null(False)
         | pl.col("next_word").is_in(vocab["not_after"]).fill_null(False)).alias("excluded"),
    )
    # the organisation as the text writes it ("NCW"), for messages
    written = out.select(
        "cid", pl.col("around").str.extract_all(str(vocab["terms_regex"])).alias("w")
    ).explode("w").drop_nulls("w").join(
        out.select("cid", "org_term"), on="cid"
    ).filter(_fold(pl.col("w")) == pl.col("org_term")).group_by("cid").agg(pl.col("w").first().alias("org_as_written"))
    return out.join(written, on="cid", how="left").drop("cid", "around", "next_word", "last_word", "org_term")


# -- verdicts -------------------------------------------------------------------------------------


# What a helpline verdict depends on: the number and the words around it.
_UNIT = ["kind", "num", "digits", "key", "valid", "clause", "after", "tags", "orgs", "org_as_written", "named_org"]


def judge_helplines(found: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """Add verdict, check, message and suggestion to the 'helpline' mentions, judging each distinct
    (number, context) once."""
    helplines = found.filter(pl.col("role") == "helpline").with_columns(pl.struct(_UNIT).hash(7).alias("unit"))
    units = helplines.unique("unit").drop("role")
    judged = _judge(units, registry).select("unit", "verdict", "check", "message", "suggestion")
    return helplines.join(judged, on="unit", how="inner").drop("unit")


def _judge(found: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """verdict, check, message and suggestion for each helpline mention (misprint, discontinued,
    outdated, wrong organisation, wrong purpose, unverified, verified; for unknown numbers: malformed
    or unknown). A status is said as strongly as its source: "no longer in service" only for a line
    a source calls discontinued; a replaced or temporary line says what is known (the entry's note)
    and names the current line."""
    vocab = vocabulary(registry)
    lines = vocab["lines"]
    org_keys = vocab["orgs"]
    helplines = found.with_row_index("hid")
    # the organisation named beside a number must be one of the number's organisations
    named = helplines.select("hid", "key", pl.col("orgs").alias("org")).explode("org").drop_nulls("org")
    org_mismatch = (
        named.join(org_keys, on="org", how="left")
        .with_columns(pl.col("org_keys").list.contains(pl.col("key")).fill_null(False).alias("same"))
        .group_by("hid").agg(
            (~pl.col("same").any()).alias("org_mismatch"),
            pl.col("org").filter(~pl.col("same")).first().alias("wrong_org"),
        )
        .join(vocab["org_lines"].rename({"org": "wrong_org"}), on="wrong_org", how="left")
    )
    helplines = helplines.join(org_mismatch, on="hid", how="left").with_columns(pl.col("org_mismatch").fill_null(False))
    incident = pl.lit(_INCIDENT_TAGS, dtype=pl.List(pl.String))
    strong = pl.col("tags").list.set_difference(incident)
    claimed = pl.when(strong.list.len() > 0).then(strong).otherwise(pl.col("tags"))
    wrong_tag = pl.col("known") & (claimed.list.len() > 0) & (claimed.list.set_intersection(pl.col("purposes")).list.len() == 0)
    helplines = helplines.with_columns(claimed.list.first().alias("first_tag")).join(
        lines.rename({"tag": "first_tag"}), on="first_tag", how="left").join(vocab["replacements"], on="replaced_by", how="left")
    malformed = ~pl.col("known") & (pl.col("kind") == "full") & ~pl.col("valid")
    verdict = (
        pl.when(pl.col("known") & (pl.col("status") == "misprint")).then(pl.lit("helpline.unknown"))
        .when(pl.col("known") & (pl.col("status") == "discontinued")).then(pl.lit("helpline.discontinued"))
        .when(pl.col("known") & pl.col("status").is_in(["superseded", "temporary"])).then(pl.lit("helpline.outdated"))
        .when(pl.col("known") & pl.col("org_mismatch")).then(pl.lit("helpline.wrong_purpose"))
        .when(wrong_tag).then(pl.lit("helpline.wrong_purpose"))
        .when(pl.col("known") & ((pl.col("status") == "unknown") | ~pl.col("verified"))).then(pl.lit("helpline.unknown"))
        .when(pl.col("known")).then(pl.lit("verified"))
        .when(malformed).then(pl.lit("helpline.malformed"))
        .otherwise(pl.lit("helpline.unknown"))
    )
    helplines = helplines.with_columns(verdict.alias("verdict"))
    helplines = helplines.join(_near_misses(helplines.filter(pl.col("verdict") == "helpline.malformed")["digits"], registry),
                               on="digits", how="left")
    v = pl.col("verdict")
    message = (
        pl.when(pl.col("known") & (pl.col("status") == "misprint")).then(pl.format("{} is a known misprint of {}'s number", "num", "name"))
        .when(v == "helpline.discontinued").then(pl.format("{} ({}) is no longer in service{}", "num", "name", pl.format(": {}", "entry_note").fill_null("")))
        .when(v == "helpline.outdated").then(pl.format("{} ({}): {}", "num", "name", pl.coalesce("entry_note", pl.col("status"))))
        .when((v == "helpline.wrong_purpose") & pl.col("org_mismatch")).then(pl.format("the text names {}, but {} is the {}", "org_as_written", "num", "name"))
        .when(v == "helpline.wrong_purpose").then(pl.format("{} is the {} (for {}), not a line for {}", "num", "name",
                                                            pl.col("purposes").list.set_difference(incident).list.join(", ").str.replace_all("_", " "), claimed.list.join(", ").str.replace_all("_", " ")))
        .when(pl.col("known") & (v == "helpline.unknown")).then(pl.format("{} ({}): {}", "num", "name", pl.coalesce("entry_note", pl.lit("not verified"))))
        .when(v == "verified").then(pl.format("{} is the {}", "num", "name"))
        .when(v == "helpline.malformed").then(pl.format("{} is not a valid phone number", "num"))
        .when(pl.col("named_org").is_not_null()).then(pl.format("{}, given for {}, is not in the helpline registry: a human must verify it", "num", "named_org"))
        .otherwise(pl.format("{} is not in the helpline registry: a human must verify it", "num"))
    )
    suggestion = (
        pl.when(pl.col("known") & (pl.col("status") == "misprint")).then(pl.format("the correct number is {}", "correct"))
        .when(v.is_in(["helpline.discontinued", "helpline.outdated"]) & pl.col("replaced_by").is_not_null())
        .then(pl.format("cite the current line, {}{}", "replaced_by", pl.format(" ({})", "replacement_name").fill_null("")))
        .when((v == "helpline.wrong_purpose") & pl.col("org_mismatch") & pl.col("org_numbers").is_not_null())
        .then(pl.format("{}'s number is {}", "org_as_written", "org_numbers"))
        .when(v == "helpline.wrong_purpose").then(pl.format("for {} use {}", claimed.list.first(), "lines"))
        .when(v == "helpline.malformed").then(pl.coalesce(pl.format("did you mean {}?", "near"), pl.lit("check the digits")))
        .when((v == "helpline.unknown") & ~pl.col("known") & pl.col("named_org").is_not_null()).then(
            pl.format("check the number against {}'s own published contacts, or add it to a helplines pack (--rules DIR)", "named_org"))
        .when((v == "helpline.unknown") & ~pl.col("known")).then(
            pl.coalesce(pl.format("the registry's lines for {}: {}", claimed.list.first(), "lines"),
                        pl.lit("check the number with its operator, or add it to a helplines pack (--rules DIR)")))
        .when(v == "helpline.unknown").then(pl.lit("confirm the line is in service before training on it"))
    )
    return helplines.with_columns(
        pl.when(v.str.starts_with("helpline.")).then(v).alias("check"), message.alias("message"), suggestion.alias("suggestion")
    )


def _near_misses(digits: pl.Series, registry: Registry) -> pl.DataFrame:
    """digits -> 'NUMBER (name)' of a registry number at most two edits away (a typo), per distinct value."""
    known = registry.helplines.filter(pl.col("status") != "misprint").select(
        pl.col("key").str.replace(r"^91", ""), "number", "name"
    ).filter(pl.col("key").str.len_chars() >= 7)
    rows = []
    for value in digits.unique().drop_nulls().to_list():
        best = min(((Levenshtein.distance(value, k), n, name) for k, n, name in known.iter_rows()), default=None)
        if best is not None and best[0] <= 2:
            rows.append((value, f"{best[1]} ({best[2]})"))
    return pl.DataFrame(rows, schema={"digits": pl.String, "near": pl.String}, orient="row")
