"""Legal citations: find them in a text column, parse them into (act, section, sub-section, quoted
title), and judge each against the registry.

Parsing is a few vectorized passes, each over distinct strings only:
 0. `str.replace_all` marks every act name (the registry's aliases, then any capitalised "... Act")
    with two private-use characters, so the grammar below needs no copy of the alias list.
 1. `str.extract_all` with one compiled pattern finds citation chunks in every text:
      B  "Section 78 BNS", "S. 66E of the IT Act", "Sections 143-144 BNS (...)"   section(s), then act
      A  "BNS Section 78 (Stalking)", "BNS §78", "Bharatiya Nyaya Sanhita, 2023, s. 78"   act, then section(s)
      E  "BNS Section" with no number                                           malformed
      C  "Section 498A", "Sections 3 and 18"                                   no act: it inherits the
                                                                               nearest act of the same text
      D  "the POSH Act", "Women Safety Act, 2021"                              an act with no section
 2. `str.extract_groups` splits each distinct chunk into its parts (act name, year, section list, ...).
 3. `str.extract_all` splits each section list into items ("74, 75 and 79", "143-144", "308(4)").
Verdicts come from joining the parsed (act, section) pairs with the registry's frames.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from curation import findings as F
from curation.verify.registry import Registry, act_key

# -- the grammar ------------------------------------------------------------------------------------

# Word boundaries and digits are ASCII-only: Unicode classes multiply the compiled automaton's size.
_B = r"(?-u:\b)"
# "formerly IPC 354", "old IPC 354": a repealed provision named for history, not cited as law
_HIST = rf"(?:{_B}(?i:formerly|previously|earlier|erstwhile|old|replacing|replaces|replaced|corresponding\s+to|equivalent\s+to|ex-)\s*(?:the\s+)?)"
# "IPC 354 (now BNS 74)", "IPC 498A -> BNS 85"
_NOW = rf"(?:\s*[(\[,;]?\s*(?:{_B}(?i:now|replaced\s+by|since\s+replaced\s+by|new){_B}|→|->|=>))"
# "Section", "Sec.", "S.", "ss.", "u/s", "§", and the Hindi "dhara" / "धारा"
_SEC_KW = rf"(?:{_B}(?i:sections?|secs?\.?|ss?\.|u/s\.?|dhara)|§§?|धारा)"
_SUB = r"(?:\s?\((?:[0-9]{1,2}|[a-z]{1,2}|[ivx]{1,5})\))"
_NUM = rf"{_B}[0-9]{{1,3}}[A-Za-z]{{0,2}}{_B}{_SUB}*"
_PLACEHOLDER = rf"(?:[Xx]{{2,3}}{_B}|_{{2,}}|\?{{2,}}|#{{1,3}}|\.{{3}}|…|\[[A-Za-z_#]{{0,12}}\]|<[A-Za-z_#]{{0,12}}>|\{{[A-Za-z_#]{{0,12}}\}})"
# "2 years", "3 months": a number in a list that is not a section
_UNIT = (rf"(?:\s*%|\s*(?i:per\s?cent|percent){_B}|\s+(?i:years?|yrs?|months?|days?|hours?|hrs?|minutes?|mins?|weeks?|"
         rf"lakhs?|crores?|rupees|members|times|people|persons|cases){_B})")
_TITLE = r"\s*\(\s*[^()0-9\n\ue000\ue001]{3,80}?\s*\)"
_RANGE = rf"\s*(?:-|–|—|{_B}to{_B})\s*"
# A list's first item may be a placeholder ("Section XX"); later items are numbers.
_ITEM_FIRST = rf"(?:{_NUM}(?:{_RANGE}{_NUM})?|{_PLACEHOLDER})(?:{_UNIT})?(?:{_TITLE})?"
_ITEM = rf"(?:{_NUM}(?:{_RANGE}{_NUM})?)(?:{_UNIT})?(?:{_TITLE})?"
_SEP = rf"\s*(?:,|;|&|/|{_B}and{_B}|{_B}or{_B}|{_B}read\s+with{_B}|{_B}r/w{_B})\s*(?:(?:and|or)\s+)?"
_LIST = rf"{_ITEM_FIRST}(?:{_SEP}{_ITEM})*"
_ITEM_B = rf"(?:{_NUM}(?:{_RANGE}{_NUM})?)(?:{_TITLE})?"
_LIST_B = rf"(?:{_ITEM_B}|{_PLACEHOLDER}(?:{_TITLE})?)(?:{_SEP}{_ITEM_B})*"  # section(s) before the act: no quantities
_YEAR = rf"(?:\s*,?\s*(?:of\s+)?(?:18[5-9][0-9]|19[0-9][0-9]|20[0-4][0-9]){_B})"
_ABBR = r"(?:\s*\(\s*[A-Z][A-Za-z.]{1,12}\s*\))"
# Act names are marked before parsing: OPEN name CLOSE.
OPEN, CLOSE = "\ue000", "\ue001"
_ACT = f"{OPEN}[^{OPEN}{CLOSE}]{{1,200}}{CLOSE}"
# An act the registry may not know: capitalised words ending in "Act" ("Women Online Safety Act"),
# starting a clause. Names already marked are matched first and kept as they are, so an unknown
# name never starts inside a known one ("Dowry Prohibition Act" is not re-marked as "Prohibition Act").
_GENERIC_ACT = (rf"({_ACT})|(^|[\s(,;:/])([A-Z][A-Za-z'’-]*(?:\s+(?:[A-Z][A-Za-z'’-]*|\([A-Z][^()\n{OPEN}{CLOSE}]{{0,60}}\)|of|and|for|to|on|the|in|against|from|at|&)){{0,10}}"
                rf"\s+(?:Act|Code|Sanhita|Adhiniyam){_B})")

# "BNS 308(2)" as the packs write replacements
_REFERENCE_PARTS = r"^(?P<to_act>[A-Z][A-Z0-9_]*)\s+(?P<to_section>\d{1,3}[A-Z]{0,3})(?P<to_sub>(?:\(\w{1,4}\))*)$"
# One item of a section list, with its parts.
_ITEM_PARTS = (
    rf"(?:(?P<num>[0-9]{{1,3}})(?P<suffix>[A-Za-z]{{0,2}}){_B}(?P<sub>{_SUB}*)"
    rf"(?:{_RANGE}(?P<num2>[0-9]{{1,3}})(?P<suffix2>[A-Za-z]{{0,2}}){_B}{_SUB}*)?|(?P<placeholder>{_PLACEHOLDER}))"
    rf"(?P<unit>{_UNIT})?(?P<title>{_TITLE})?"
)
# Words of a quoted title that carry no meaning for the comparison.
_TITLE_STOPWORDS = [
    "a", "an", "the", "of", "to", "for", "by", "or", "and", "in", "on", "with", "from", "at", "as", "etc", "any",
    "her", "his", "its", "their", "who", "which", "that", "under", "section", "sections", "act", "law", "laws",
    "provision", "provisions", "offence", "offences", "offense", "offenses", "punishment", "punishments", "penalty",
    "person", "persons", "certain", "case", "cases", "woman", "women", "womans", "relating", "related", "matter",
    "against", "crime", "crimes", "bns", "ipc", "bnss", "crpc", "it", "posh", "pwdva", "pocso", "dpa", "sanhita",
]
# A parenthesis holding only these words is a remark, not a title: "(cognizable)", "(now)".
_NOT_TITLE_WORDS = [
    "formerly", "now", "new", "old", "amended", "as", "repealed", "cognizable", "non", "noncognizable", "bailable",
    "nonbailable", "compoundable", "noncompoundable", "applicable", "if", "where", "proposed", "see", "below", "above",
    "also", "read", "with", "replaced", "etc", "and", "or", "the", "inserted", "substituted", "omitted",
]
STEM = 5  # words are compared by their first five letters: "outraging" ~ "outrage", "harass" ~ "harassment"

# Verdicts that are not findings.
VERIFIED, UNVERIFIED, HISTORICAL, PLACEHOLDER, ACT_ONLY = "verified", "unverified", "historical", "placeholder", "act_only"
# Citations that count for legal.offence_mismatch. A title mismatch is left out: the intended section
# is named in its own finding, and the cited number would only repeat the same mistake.
_VALID_FOR_FIT = (VERIFIED, UNVERIFIED, ACT_ONLY)


def _chunk_pattern() -> str:
    """The five citation forms (see the module docstring), tried in this order at each position."""
    act = _ACT
    form_b = (rf"(?P<b_hist>{_HIST})?(?P<b_kw>{_SEC_KW})?\s*(?P<b_list>{_LIST_B})\s*,?\s*(?:{_B}(?i:of|under|in)\s+(?:the\s+)?)?"
              rf"\(?(?P<b_act>{act})\)?(?P<b_year>{_YEAR})?(?:{_ABBR})?(?P<b_title>{_TITLE})?(?P<b_now>{_NOW})?")
    form_a = (rf"(?P<a_hist>{_HIST})?(?P<a_act>{act})(?P<a_year>{_YEAR})?(?:{_ABBR})?"
              rf"(?:\s*[,:(–—-]?\s*(?:(?i:ki|ke|की|के)\s+)?(?P<a_kw>{_SEC_KW})\s*|\s+)(?P<a_list>{_LIST})(?P<a_now>{_NOW})?")
    form_e = rf"(?P<e_act>{act})(?:{_YEAR})?\s+(?P<e_kw>Section|Sec\.|§)(?:\s+[A-Za-z(][^\s,;.]*)?"
    form_c = rf"(?P<c_hist>{_HIST})?(?P<c_kw>{_SEC_KW})\s*(?P<c_list>{_LIST})(?P<c_now>{_NOW})?"
    form_d = rf"(?P<d_act>{act})(?P<d_year>{_YEAR})?"
    return "|".join((form_b, form_a, form_e, form_c, form_d))


CHUNK = _chunk_pattern()


# -- parsing --------------------------------------------------------------------------------------


def could_cite(registry: Registry) -> str:
    """A cheap pre-filter: a text with no section keyword, act-like word or known act name holds no citation."""
    return f"{_SEC_KW}|{_B}(?:Act|Code|Sanhita|Adhiniyam){_B}|{registry.act_regex}"


def _marked(texts: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """`marked`: each text with its act names marked. The unknown-name pass (the costly one) runs only
    where an act-like word is left outside the known names."""
    known = texts.with_columns(pl.col("text").str.replace_all(f"(?:{registry.act_regex})", f"{OPEN}$0{CLOSE}").alias("marked"))
    unmarked_act_word = pl.col("marked").str.replace_all(_ACT, "").str.contains(f"{_B}(?:Act|Code|Sanhita|Adhiniyam){_B}")
    needs = known.filter(unmarked_act_word)
    if needs.height:
        needs = needs.with_columns(
            pl.col("marked").str.replace_all(_GENERIC_ACT, f"${{1}}${{2}}{OPEN}${{3}}{CLOSE}").str.replace_all(OPEN + CLOSE, "", literal=True)
        )
    return pl.concat([known.filter(~unmarked_act_word), needs])


def _chunks(texts: pl.Series, registry: Registry) -> pl.DataFrame:
    """Every citation chunk of every distinct text: tid (the text's position), chunk (its order in the
    text), span (marked)."""
    distinct = texts.to_frame("text").with_row_index("tid").drop_nulls("text").filter(pl.col("text").str.contains(could_cite(registry)))
    found = _marked(distinct, registry).select("tid", pl.col("marked").str.extract_all(CHUNK).alias("span"))
    return (
        found.with_columns(pl.int_ranges(0, pl.col("span").list.len()).alias("chunk"))
        .explode(["span", "chunk"])
        .filter(pl.col("span").is_not_null())
    )


def _chunk_parts(spans: pl.Series) -> pl.DataFrame:
    """The parts of each distinct chunk: form, hist/now flags, act text, year, keyword, list, title."""
    groups = pl.DataFrame({"span": spans}).with_columns(pl.col("span").str.extract_groups(CHUNK).alias("g")).unnest("g")

    def first(*names: str) -> pl.Expr:
        return pl.coalesce([pl.col(n) for n in names])

    return groups.select(
        "span",
        pl.when(pl.col("b_list").is_not_null()).then(pl.lit("B"))
        .when(pl.col("a_list").is_not_null()).then(pl.lit("A"))
        .when(pl.col("e_act").is_not_null()).then(pl.lit("E"))
        .when(pl.col("c_list").is_not_null()).then(pl.lit("C"))
        .otherwise(pl.lit("D")).alias("form"),
        first("b_hist", "a_hist", "c_hist").is_not_null().alias("hist"),
        first("b_now", "a_now", "c_now").is_not_null().alias("now"),
        first("b_act", "a_act", "e_act", "d_act").str.strip_chars(f"{OPEN}{CLOSE} ").alias("act_text"),
        first("b_year", "a_year", "d_year").str.extract(r"([0-9]{4})").cast(pl.Int64).alias("year"),
        first("b_kw", "a_kw", "c_kw").alias("kw"),
        first("b_list", "a_list", "c_list").alias("list"),
        pl.col("b_title").alias("trailing_title"),
    )


def _resolve_acts(parts: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """Add `act` (registry id or null) and `generic` (a capitalised '... Act' the registry does not know)."""
    keyed = parts.with_columns(act_key(pl.col("act_text")).alias("key"))
    return keyed.join(registry.aliases, on="key", how="left").with_columns(
        (pl.col("act").is_null() & (pl.col("key") != "")).alias("generic")
    ).drop("key")


def _items(parts: pl.DataFrame) -> pl.DataFrame:
    """One row per section item of each chunk's list (chunks without a list keep one row with nulls)."""
    listed = (
        parts.with_columns(pl.col("list").str.extract_all(_ITEM_PARTS).alias("item"))
        .explode("item")
        .with_columns(pl.int_range(pl.len()).over("span").alias("item_no"))
        .with_columns(pl.col("item").str.extract_groups(_ITEM_PARTS).alias("p"))
        .unnest("p")
    )
    last_item = pl.col("item_no") == pl.col("item_no").max().over("span")
    return listed.with_columns(
        pl.col("suffix").str.to_uppercase(),
        pl.col("suffix2").str.to_uppercase(),
        pl.col("sub").str.replace_all(r"\s", ""),
        # a title belongs to its item; the one after the act ("Section 173 BNSS (zero FIR)") to the last item
        pl.coalesce(pl.col("title"), pl.when(last_item).then(pl.col("trailing_title")))
        .str.strip_chars(" ()").alias("title"),
    )


def _expand_ranges(items: pl.DataFrame) -> pl.DataFrame:
    """'143-144' -> 143 and 144; a long or lettered range keeps only its two ends."""
    short_plain = (
        pl.col("num2").is_not_null() & (pl.col("suffix") == "") & (pl.col("suffix2") == "")
        & (pl.col("num2").cast(pl.Int64) > pl.col("num").cast(pl.Int64))
        & (pl.col("num2").cast(pl.Int64) - pl.col("num").cast(pl.Int64) <= 40)
    )
    ends = pl.concat_list(
        pl.struct(pl.col("num").alias("n"), pl.col("suffix").alias("s")),
        pl.struct(pl.col("num2").alias("n"), pl.col("suffix2").alias("s")),
    )
    spread = pl.int_ranges(pl.col("num").cast(pl.Int64), pl.col("num2").cast(pl.Int64) + 1).list.eval(
        pl.struct(pl.element().cast(pl.String).alias("n"), pl.lit("").alias("s"))
    )
    one = pl.concat_list(pl.struct(pl.col("num").alias("n"), pl.col("suffix").alias("s")))
    return (
        items.with_columns(
            pl.when(short_plain).then(spread).when(pl.col("num2").is_not_null()).then(ends).otherwise(one).alias("parts")
        )
        .explode("parts")
        .with_columns(pl.col("parts").struct.field("n").alias("num"), pl.col("parts").struct.field("s").alias("suffix"))
        .drop("parts", "num2", "suffix2")
    )


def _span_items(spans: pl.Series, registry: Registry) -> pl.DataFrame:
    """The cited sections of each distinct chunk (span): one row per section, or one row for a chunk
    naming an act without a section."""
    parts = _resolve_acts(_chunk_parts(spans), registry)
    items = _expand_ranges(_items(parts))
    items = items.with_columns(
        # "3rd", "78th": an ordinal, not a lettered section
        pl.when(pl.col("suffix").is_in(["ST", "ND", "RD", "TH"])).then(None).otherwise(pl.col("num")).alias("num"),
    ).with_columns(
        # a number in a list that is a quantity ("2 years"), or a bare number before an act, is no section
        pl.when(pl.col("unit").is_not_null() | ((pl.col("form") == "B") & pl.col("kw").is_null()
                                                & (pl.col("suffix") == "") & (pl.col("sub") == "")))
        .then(None).otherwise(pl.col("num")).alias("num"),
    )
    # Items that turned out to be no section are dropped; a chunk left with none is an act named
    # without a section (forms A, B), or nothing (form C).
    valid_item = pl.col("num").is_not_null() | pl.col("placeholder").is_not_null()
    items = items.with_columns(valid_item.any().over("span").alias("has_item"))
    items = items.filter(
        valid_item | (~pl.col("has_item") & (pl.col("item_no").fill_null(0) == pl.col("item_no").fill_null(0).min().over("span")))
    ).with_columns(
        pl.when(~pl.col("has_item") & pl.col("form").is_in(["A", "B"])).then(pl.lit("D")).otherwise(pl.col("form")).alias("form")
    ).filter(~((pl.col("form") == "C") & ~pl.col("has_item")))
    return items.with_columns(
        (pl.col("num").cast(pl.Int64, strict=False)).alias("number"),
        (pl.col("num") + pl.col("suffix").fill_null("")).alias("section"),
        pl.when(pl.col("title").is_not_null() & ~_is_remark(pl.col("title"))).then(pl.col("title")).alias("title"),
        pl.col("placeholder").is_not_null().alias("placeholder"),
    ).sort(["span", "item_no", "number"])


def _inherit_acts(chunks: pl.DataFrame) -> pl.DataFrame:
    """A chunk with no act of its own ("Section 498A") takes the nearest act named before it in the
    same text, else the nearest after it. Only texts holding such a chunk are windowed."""
    bare = pl.col("form") == "C"
    needs = chunks.filter(bare)["tid"].unique()
    if needs.len() == 0:
        return chunks.with_columns(pl.lit(False).alias("inherited"))
    own_act = pl.when(~bare).then(pl.col("act"))
    fixed = chunks.filter(pl.col("tid").is_in(needs.implode())).sort(["tid", "chunk"]).with_columns(
        pl.when(bare).then(pl.coalesce(own_act.forward_fill().over("tid"), own_act.backward_fill().over("tid")))
        .otherwise(pl.col("act")).alias("act")
    )
    rest = chunks.filter(~pl.col("tid").is_in(needs.implode()))
    return pl.concat([rest, fixed]).with_columns(bare.alias("inherited"))


def parse(texts: pl.Series, registry: Registry) -> pl.DataFrame:
    """Every citation in `texts` (distinct: callers deduplicate): one row per cited section (or per act
    named without a section) with its text's position (`tid`), chunk and the chunk's span as written."""
    chunks = _chunks(texts, registry)
    items = _span_items(chunks["span"].unique(), registry)
    per_chunk = items.group_by("span").agg(pl.col("form").first(), pl.col("act").first())
    chunks = _inherit_acts(chunks.join(per_chunk, on="span", how="inner"))
    items = items.drop("act", "form").join(per_chunk.select("span", "form"), on="span")
    cited = chunks.select("tid", "chunk", "span", "act", "inherited").join(items, on="span")
    return cited.select(
        "tid", "chunk", "item_no", pl.col("span").str.replace_all(f"[{OPEN}{CLOSE}]", "").str.strip_chars(" ,;:(").alias("span"),
        "form", "act", "act_text", "generic", "inherited", "year", "hist", "now", "section", "number", "suffix", "sub", "title", "placeholder",
    )


def _is_remark(title: pl.Expr) -> pl.Expr:
    """A parenthesis that is a remark ("(cognizable)", "(as amended)"), not a quoted title."""
    words = title.str.to_lowercase().str.extract_all(r"\p{L}+")
    return words.list.eval(pl.element().is_in(_NOT_TITLE_WORDS)).list.all() & (words.list.len() > 0)


# -- verdicts -------------------------------------------------------------------------------------


# What a verdict depends on: the same unit gets the same verdict wherever it is cited.
_UNIT = ["span", "form", "act", "act_text", "generic", "year", "hist", "now", "section", "number", "suffix", "sub", "title", "placeholder"]
JUDGED = ["verdict", "check", "message", "suggestion", "official_title", "procedural"]


def judge_citations(cites: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """Add verdict, check, message and suggestion to parsed citations, judging each distinct unit once."""
    keyed = cites.with_columns(pl.struct(_UNIT).hash(7).alias("unit"))
    units = keyed.unique("unit").select("unit", *_UNIT)
    judged = _judge(units, registry).select("unit", *JUDGED)
    return keyed.join(judged, on="unit", how="inner").drop("unit")


def _judge(cites: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """verdict, check, message and suggestion for each row of `cites` (rows with no verdict are dropped)."""
    acts = registry.acts.select("act", pl.col("short").alias("act_short"), pl.col("name").alias("act_name"),
                                pl.col("status").alias("act_status"), "repealed_on", pl.col("replaced_by").alias("act_replaced_by"),
                                "sections_total", "total_verified", "lettered", "lettered_complete_for", "procedural",
                                pl.col("verified").alias("act_verified"))
    sections = registry.sections.select("act", "section", pl.lit(True).alias("listed"), pl.col("title").alias("official_title"),
                                        pl.col("status").alias("section_status"), pl.col("suggestion").alias("section_suggestion"),
                                        "struck_down_by", pl.col("verified").alias("section_verified"))
    data = (
        cites.with_row_index("cid")
        .join(acts, on="act", how="left")
        .join(sections, on=["act", "section"], how="left")
        .join(_replacements(registry), on=["act", "section"], how="left")
        .join(_ipc_hint(registry), on="section", how="left")
        .with_columns(pl.col("listed").fill_null(False))
    )
    data = data.join(_title_verdicts(data, registry), on="cid", how="left")
    has_section = pl.col("section").is_not_null()
    out_of_range = has_section & (
        (pl.col("number") < 1) | (pl.col("sections_total").is_not_null() & (pl.col("number") > pl.col("sections_total")))
    )
    lettered = has_section & (pl.col("suffix") != "")
    series_complete = pl.col("lettered_complete_for").list.contains(pl.col("number").cast(pl.String)).fill_null(False)
    bad_letter = lettered & (pl.col("lettered").is_in(["none", "listed"]) | series_complete)
    unknown_section = ~pl.col("listed") & (out_of_range | bad_letter)
    repealed_act = pl.col("act_status") == "repealed"
    unknown_act = pl.col("act").is_null() & pl.col("generic").fill_null(False) & (has_section | pl.col("year").is_not_null())
    verdict = (
        pl.when(pl.col("placeholder")).then(pl.lit(PLACEHOLDER))
        .when(unknown_act).then(pl.lit("legal.unknown_act"))
        .when(pl.col("act").is_null() & (has_section | (pl.col("form") == "E"))).then(pl.lit("legal.malformed"))
        .when(pl.col("act").is_null()).then(pl.lit(None))  # a capitalised "... Act" with no section or year: not a citation
        .when(pl.col("form") == "E").then(pl.lit("legal.malformed"))
        .when(~has_section).then(pl.lit(ACT_ONLY))
        .when(unknown_section).then(pl.lit("legal.unknown_section"))
        .when(repealed_act & (pl.col("hist") | pl.col("now"))).then(pl.lit(HISTORICAL))
        .when(repealed_act | (pl.col("section_status") == "repealed")).then(pl.lit("legal.repealed"))
        .when(pl.col("section_status") == "struck_down").then(pl.lit("legal.struck_down"))
        .when(pl.col("title_mismatch").fill_null(False)).then(pl.lit("legal.title_mismatch"))
        .when(pl.col("listed") & pl.col("section_verified")).then(pl.lit(VERIFIED))
        .otherwise(pl.lit(UNVERIFIED))
    )
    data = data.with_columns(verdict.alias("verdict")).filter(pl.col("verdict").is_not_null())
    data = data.with_columns(
        pl.when(pl.col("verdict").str.starts_with("legal.")).then(pl.col("verdict")).alias("check"),
        _message().alias("message"),
        _suggestion().alias("suggestion"),
    )
    return data.sort("cid").select(*cites.columns, *JUDGED)


def _cited() -> pl.Expr:
    """'BNS 78(2)' as the registry would write it."""
    act = pl.coalesce("act_short", "act_text", pl.lit("?"))
    section = pl.col("section") + pl.col("sub").fill_null("")
    return pl.when(pl.col("section").is_not_null()).then(pl.format("{} {}", act, section)).otherwise(act)


def _message() -> pl.Expr:
    cited = _cited()
    total = pl.col("sections_total").cast(pl.String)
    v = pl.col("verdict")
    return (
        pl.when(v == PLACEHOLDER).then(pl.lit("the section number is a placeholder"))
        .when(v == "legal.unknown_act").then(pl.format("no act named '{}' is in the registry", pl.col("act_text")))
        .when(v == "legal.malformed").then(
            pl.when(pl.col("act").is_null()).then(pl.format("'{}' names no act, so the section cannot be checked", pl.col("span")))
            .otherwise(pl.format("'{}' names no section number", pl.col("span"))))
        .when(v == "legal.unknown_section").then(
            pl.when(pl.col("suffix") != "").then(pl.format("{} has no lettered section {}", pl.col("act_short"), pl.col("section")))
            .otherwise(pl.format("{} has no section {} (it has {} sections{})", pl.col("act_short"), pl.col("section"), total.fill_null("?"),
                                 pl.when(pl.col("total_verified")).then(pl.lit("")).otherwise(pl.lit(", a count not verified")))))
        .when(v == "legal.repealed").then(
            pl.when(pl.col("act_status") == "repealed")
            .then(pl.format("{}: the {} was repealed on {} (still right only for an incident before that date)", cited, pl.col("act_short"), pl.col("repealed_on")))
            .otherwise(pl.format("{} was repealed", cited)))
        .when(v == "legal.struck_down").then(pl.format("{} was struck down ({}) and is not law", cited, pl.col("struck_down_by")))
        .when(v == "legal.title_mismatch").then(pl.format("{} is '{}', not '{}'", pl.col("act_short") + " " + pl.col("section"), pl.col("official_title"), pl.col("title")))
        .when(v == HISTORICAL).then(pl.format("{} named as the former provision", cited))
        .when(v == ACT_ONLY).then(pl.format("{} named without a section", pl.coalesce("act_short", "act_text")))
        .when(v == VERIFIED).then(pl.format("{} exists and is in force", cited))
        .otherwise(pl.format("{} is not in the registry's list for this act (not verified either way)", cited))
    )


def _suggestion() -> pl.Expr:
    v = pl.col("verdict")
    return (
        pl.when(v == PLACEHOLDER).then(pl.lit("write the real section number, or drop the citation"))
        .when(v == "legal.unknown_act").then(pl.lit("check the act's name; if it is a real act, add it in a rule pack (--rules DIR)"))
        .when(v == "legal.malformed").then(pl.lit("write the act and the section, e.g. 'BNS Section 78'"))
        .when(v == "legal.unknown_section").then(
            pl.coalesce(pl.format("{} is an IPC number: {}", pl.col("section"), pl.col("ipc_hint")),
                        pl.format("check the section number against the {}", pl.col("act_name"))))
        .when(v == "legal.repealed").then(
            pl.coalesce("replacement", pl.format("cite the {} provision that replaced it", pl.col("act_replaced_by"))))
        .when(v == "legal.struck_down").then(pl.coalesce("section_suggestion", pl.lit("cite a provision in force")))
        .when(v == "legal.title_mismatch").then(
            pl.coalesce(pl.format("cite {}", pl.col("best_display")), pl.format("write the title '{}'", pl.col("official_title"))))
    )


def lookup_tables(registry: Registry) -> None:
    """Builds now the lookups of `registry` the citation checks build on first use (see `engine.warm`)."""
    _ = registry.act_regex, registry.section_titles
    _replacements(registry)
    _title_words(registry)


@lru_cache(maxsize=8)
def _replacements(registry: Registry) -> pl.DataFrame:
    """act, section, replacement: 'cite BNS 85 (...) and BNS 86 (...)' for every listed section with
    replacements (unverified mappings say so)."""
    refs = (
        registry.sections.select("act", "section", "verified", "replaced_by").explode("replaced_by").drop_nulls("replaced_by")
        .with_columns(pl.col("replaced_by").str.extract_groups(_REFERENCE_PARTS).alias("p")).unnest("p")
    )
    titles = registry.section_titles.select(pl.col("act").alias("to_act"), pl.col("section").alias("to_section"), "title")
    shorts = registry.acts.select(pl.col("act").alias("to_act"), pl.col("short").alias("to_short"))
    shown = refs.join(titles, on=["to_act", "to_section"], how="left").join(shorts, on="to_act", how="left").with_columns(
        pl.format("{} {}{}", "to_short", "to_section", pl.col("to_sub").fill_null("")).alias("display")
    ).with_columns(
        pl.when(pl.col("title").is_not_null()).then(pl.format("{} ({})", "display", "title")).otherwise(pl.col("display")).alias("display")
    )
    return shown.group_by(["act", "section"], maintain_order=True).agg(
        ("cite " + pl.col("display").str.join(" and ")
         + pl.when(pl.col("verified").first()).then(pl.lit("")).otherwise(pl.lit(" (mapping not verified)"))).alias("replacement")
    )


def _ipc_hint(registry: Registry) -> pl.DataFrame:
    """section -> what the IPC number became, for IPC numbers cited under another act ('BNS 354D')."""
    return _replacements(registry).filter(pl.col("act") == "IPC").select("section", pl.col("replacement").alias("ipc_hint"))


# -- title comparison -----------------------------------------------------------------------------


def _stems(text: pl.Expr) -> pl.Expr:
    """The meaningful words of a title, each cut to its first STEM letters."""
    return (
        text.str.to_lowercase().str.replace_all(r"[’']s\b", "").str.extract_all(r"\p{L}+")
        .list.eval(pl.element().filter(~pl.element().is_in(_TITLE_STOPWORDS)).str.slice(0, STEM))
        .list.unique()
    )


@lru_cache(maxsize=8)
def _title_words(registry: Registry) -> pl.DataFrame:
    """act, section, stem, n_words: the stems of every verified title and its aliases."""
    named = registry.sections.filter(pl.col("title").is_not_null() & pl.col("verified"))
    phrases = named.select("act", "section", pl.concat_list(pl.col("title"), pl.col("aliases")).alias("phrase")).explode("phrase")
    words = phrases.with_columns(_stems(pl.col("phrase")).alias("stem"))
    title_size = named.select("act", "section", _stems(pl.col("title")).list.len().alias("n_words"))
    return words.explode("stem").drop_nulls("stem").select("act", "section", "stem").unique().join(title_size, on=["act", "section"])


def _title_verdicts(data: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """cid, title_mismatch, best_display for citations that quote a title of a verified section.

    The quoted title fits its section when at least half of its words are in the section's title or
    aliases, unless another section of the act holds all of them and this one does not
    ("BNS 79 (outraging modesty)": 79 insults modesty, 74 outrages it).
    """
    quoted = (
        data.filter(pl.col("title").is_not_null() & pl.col("official_title").is_not_null() & pl.col("section_verified").fill_null(False))
        .select("cid", "act", "section", _stems(pl.col("title")).alias("stem"))
        .filter(pl.col("stem").list.len() > 0)
    )
    empty = pl.DataFrame(schema={"cid": pl.UInt32, "title_mismatch": pl.Boolean, "best_display": pl.String})
    if quoted.height == 0:
        return empty
    n_quoted = quoted.select("cid", pl.col("stem").list.len().alias("n_quoted"))
    words = _title_words(registry)
    hits = (
        quoted.explode("stem")
        .join(words.rename({"section": "candidate"}), on=["act", "stem"], how="inner")
        .group_by(["cid", "candidate"]).agg(pl.len().alias("hits"), pl.col("n_words").first())
        .join(n_quoted, on="cid")
        .with_columns((pl.col("hits") / pl.col("n_quoted")).alias("score"))
    )
    own = quoted.select("cid", "act", "section").join(
        hits.select("cid", pl.col("candidate").alias("section"), pl.col("score").alias("own")), on=["cid", "section"], how="left"
    ).with_columns(pl.col("own").fill_null(0.0))
    best = (
        hits.join(quoted.select("cid", "act", "section"), on="cid")
        .filter(pl.col("candidate") != pl.col("section"))
        .sort(["cid", "score", "n_words"], descending=[False, True, False])
        .group_by("cid", maintain_order=True).first()
        .select("cid", "act", "candidate", pl.col("score").alias("best"))
    )
    judged = own.join(best.drop("act"), on="cid", how="left").with_columns(
        ((pl.col("own") < 0.5) | ((pl.col("best") == 1.0) & (pl.col("own") < 1.0))).alias("title_mismatch")
    )
    shown = judged.join(
        registry.section_titles.select("act", pl.col("section").alias("candidate"), pl.col("display").alias("best_display")),
        on=["act", "candidate"], how="left"
    ).with_columns(pl.when(pl.col("best") >= 0.5).then(pl.col("best_display")).alias("best_display"))
    return shown.select("cid", "title_mismatch", "best_display")


# -- offence fit ----------------------------------------------------------------------------------


def offence_findings(judged: pl.DataFrame, risk: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """One `legal.offence_mismatch` finding per row and field whose valid substantive citations (of acts
    the offence map covers) all fail to fit the row's risk type. `risk` has columns row, risk_type."""
    from curation.text import label_key

    if judged.height == 0 or risk.height == 0:
        return F.empty()
    risk = risk.select("row", label_key(pl.col("risk_type").cast(pl.String)).alias("risk_key"), "risk_type").filter(
        pl.col("risk_key").is_in(list(registry.risk_types))
    )
    cites = judged.filter(pl.col("verdict").is_in(_VALID_FOR_FIT) & pl.col("act").is_not_null()).select(
        "row", "column", "span", "act", "section", "number", "suffix", "procedural"
    ).join(risk, on="row", how="inner")
    if cites.height == 0:
        return F.empty()
    # whether a citation fits (or is neutral) depends only on the risk type and the provision
    keys = ["risk_key", "act", "section", "number", "suffix"]
    units = cites.select(keys).unique().with_row_index("fid")
    fits = _matches(units, registry.offences.filter(~pl.col("neutral")), on_risk=True)
    neutral = _matches(units, registry.offences.filter(pl.col("neutral")), on_risk=False)
    units = units.with_columns(pl.col("fid").is_in(fits.implode()).alias("fits"), pl.col("fid").is_in(neutral.implode()).alias("neutral"))
    cites = cites.join(units.drop("fid"), on=keys, how="left", nulls_equal=True).with_columns(
        (pl.col("neutral") | pl.col("procedural").fill_null(False)).alias("neutral")
    )
    # Only acts the offence map speaks of can be judged; a citation of any other act (POCSO, DPDP, a
    # user's own act) neither fits nor mismatches.
    mapped = registry.offences["act"].unique().implode()
    # (a column first: `is_in` inside a group-by aggregation runs once per group, ~10x slower)
    cites = cites.with_columns((pl.col("section").is_not_null() & ~pl.col("neutral") & pl.col("act").is_in(mapped)).alias("counts"))
    counts = pl.col("counts")
    # Each field is judged on its own: an act merely named in the advice ("the Protection Officer under
    # the PWDVA") does not make the legal field's citations fit.
    bad = cites.group_by(["row", "column"]).agg(pl.col("fits").any().alias("any_fit"), counts.any().alias("substantive")).filter(
        pl.col("substantive") & ~pl.col("any_fit")
    )
    if bad.height == 0:
        return F.empty()
    bad = (
        cites.join(bad.select("row", "column"), on=["row", "column"], how="semi", nulls_equal=True).filter(counts)
        .group_by(["row", "column"], maintain_order=True)
        .agg(pl.col("span").unique(maintain_order=True).str.join("; ").alias("evidence"), pl.col("risk_key").first(), pl.col("risk_type").first())
        .sort(["row", "column"])
        .join(_risk_suggestions(registry), on="risk_key", how="left")
    )
    return F.findings(
        bad["row"], "legal.offence_mismatch", column=bad["column"],
        message=bad.select(pl.format("nothing cited ({}) fits the risk type '{}'", "evidence", "risk_type"))["evidence"],
        evidence=bad["evidence"], suggestion=bad["suggestion"],
    )


def _matches(cites: pl.DataFrame, rules: pl.DataFrame, *, on_risk: bool) -> pl.Series:
    """The ids of citations that match a rule: the whole act, the section, or a range holding it.
    An act named without a section matches any rule on that act."""
    keys = ["risk_key", "act"] if on_risk else ["act"]
    rules = rules.rename({"section": "rule_section"})
    if not on_risk:
        rules = rules.drop("risk_key")
    joined = cites.select("fid", "risk_key", "act", "section", "number", "suffix").join(rules, on=keys, how="inner")
    hit = (
        pl.col("section").is_null()
        | (pl.col("rule_section").is_null() & pl.col("lo").is_null())
        | (pl.col("rule_section") == pl.col("section"))
        | ((pl.col("suffix") == "") & pl.col("number").is_between(pl.col("lo"), pl.col("hi")))
    )
    return joined.filter(hit)["fid"].unique()


def _risk_suggestions(registry: Registry) -> pl.DataFrame:
    """risk_key -> 'for cyberstalking cite BNS 78 (Stalking), ...'."""
    rows = [(key, ref) for key, refs in registry.suggestions.items() for ref in refs]
    if not rows:
        return pl.DataFrame(schema={"risk_key": pl.String, "suggestion": pl.String})
    refs = pl.DataFrame({"risk_key": [k for k, _ in rows], "ref": [r for _, r in rows]}).with_columns(
        pl.col("ref").str.extract(r"^(\S+)").alias("act"), pl.col("ref").str.extract(r"^\S+\s+(\S+)").alias("section")
    )
    shown = refs.join(registry.section_titles.select("act", "section", "display"), on=["act", "section"], how="left").join(
        registry.acts.select("act", "short"), on="act", how="left"
    ).with_columns(pl.coalesce("display", pl.format("{} {}", "short", "section"), "short").alias("display"))
    names = pl.DataFrame({"risk_key": list(registry.risk_types), "risk_type": list(registry.risk_types.values())})
    return shown.group_by("risk_key", maintain_order=True).agg(pl.col("display").str.join(", ")).join(names, on="risk_key").select(
        "risk_key", pl.format("for {} cite e.g. {}", "risk_type", "display").alias("suggestion")
    )
