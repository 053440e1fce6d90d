"""Legal citations: the provisions that fit each risk type, the many forms real data writes them
in, and the wrong citations planted as problems (mismatched titles, repealed and struck-down
provisions, sections and acts that do not exist, sections that fit no risk type)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Provision:
    act: str  # BNS, IT, PWDVA, POSH
    section: str  # "78", "308(2)", "66E", "85-86" (a pair)
    title: str | None = None


_BNS_FORMS = (
    "BNS Section {s}", "BNS Section {s} ({t})", "Section {s} BNS", "BNS §{s}", "Section {s} of the Bharatiya Nyaya Sanhita",
    "Bharatiya Nyaya Sanhita, 2023, s. {s}", "BNS s. {s}", "Sec. {s} BNS ({t})", "Section {s}, BNS 2023",
)
_BNS_PAIR_FORMS = ("Sections {a}-{b} BNS", "BNS Sections {a} and {b}", "Sections {a} and {b} of the Bharatiya Nyaya Sanhita", "BNS ss. {a}-{b}")
_IT_FORMS = (
    "IT Act Section {s}", "Section {s} of the IT Act", "S. {s} of the IT Act", "IT Act, 2000 Section {s} ({t})",
    "Section {s}, Information Technology Act, 2000", "IT Act §{s}", "Sec. {s} IT Act ({t})",
)
_PWDVA_FORMS = (
    "PWDVA Section {s}", "Section {s} of the PWDVA", "Protection of Women from Domestic Violence Act, 2005, Section {s}",
    "PWDVA s. {s} ({t})", "Section {s} PWDVA 2005",
)
_POSH_FORMS = (
    "POSH Act Section {s}", "Section {s} of the POSH Act, 2013",
    "Sexual Harassment of Women at Workplace (Prevention, Prohibition and Redressal) Act, 2013, Section {s}",
    "POSH Act, 2013, s. {s} ({t})",
)
_FORMS = {"BNS": _BNS_FORMS, "IT": _IT_FORMS, "PWDVA": _PWDVA_FORMS, "POSH": _POSH_FORMS}

# Provisions that fit each risk type. A title is the section's own title (Appendix A of the
# reference, or its common short form).
CITATIONS_BY_RISK: Mapping[str, Sequence[Provision]] = {
    "cyberstalking": (
        Provision("BNS", "78", "Stalking"), Provision("BNS", "78(1)", "Stalking"), Provision("BNS", "351(2)", "Criminal intimidation"),
        Provision("IT", "66C", "identity theft"),
    ),
    "online harassment": (
        Provision("BNS", "79", "Word, gesture or act intended to insult modesty of a woman"), Provision("BNS", "75", "Sexual harassment"),
        Provision("IT", "67", "obscene material in electronic form"), Provision("BNS", "356", "Defamation"),
        Provision("BNS", "351", "Criminal intimidation"),
    ),
    "workplace harassment": (
        Provision("BNS", "75", "Sexual harassment"), Provision("POSH", "9", "Complaint of sexual harassment"),
        Provision("POSH", "4", "Constitution of Internal Complaints Committee"),
        Provision("BNS", "79", "Word, gesture or act intended to insult modesty of a woman"),
    ),
    "domestic violence": (
        Provision("BNS", "85-86"), Provision("BNS", "85", "Husband or relative of husband of a woman subjecting her to cruelty"),
        Provision("PWDVA", "3", "Definition of domestic violence"), Provision("PWDVA", "3(a)", "Definition of domestic violence"),
        Provision("PWDVA", "12", "Application to Magistrate"), Provision("PWDVA", "18", "Protection orders"),
        Provision("BNS", "115(2)", "Voluntarily causing hurt"),
    ),
    "coercive control": (
        Provision("BNS", "85", "Husband or relative of husband of a woman subjecting her to cruelty"), Provision("BNS", "86", "Cruelty defined"),
        Provision("PWDVA", "3", "Definition of domestic violence"), Provision("PWDVA", "18", "Protection orders"),
        Provision("BNS", "351(2)", "Criminal intimidation"),
    ),
    "blackmail / extortion": (
        Provision("BNS", "308", "Extortion"), Provision("BNS", "308(2)", "Extortion"), Provision("BNS", "308(4)", "Extortion"),
        Provision("BNS", "351(3)", "Criminal intimidation"),
        Provision("IT", "66E", "violation of privacy"), Provision("IT", "67A", "sexually explicit material in electronic form"),
    ),
    "trafficking indicators": (
        Provision("BNS", "143-144"), Provision("BNS", "143", "Trafficking of person"), Provision("BNS", "144", "Exploitation of a trafficked person"),
    ),
    "deepfake abuse": (
        Provision("IT", "66D", "cheating by personation using a computer resource"), Provision("IT", "66E", "violation of privacy"),
        Provision("IT", "67", "obscene material in electronic form"), Provision("IT", "67A", "sexually explicit material in electronic form"),
        Provision("BNS", "356", "Defamation"),
    ),
    "revenge content (NCII)": (
        Provision("BNS", "77", "Voyeurism"), Provision("IT", "66E", "violation of privacy"),
        Provision("IT", "67", "obscene material in electronic form"), Provision("IT", "67A", "sexually explicit material in electronic form"),
    ),
    "financial exploitation": (
        Provision("BNS", "318(4)", "Cheating"), Provision("BNS", "318", "Cheating"), Provision("BNS", "319", "Cheating by personation"),
        Provision("BNS", "316", "Criminal breach of trust"), Provision("IT", "66D", "cheating by personation using a computer resource"),
    ),
    "emotional manipulation": (
        Provision("PWDVA", "3", "Definition of domestic violence"), Provision("PWDVA", "18", "Protection orders"),
        Provision("BNS", "86", "Cruelty defined"), Provision("BNS", "85", "Husband or relative of husband of a woman subjecting her to cruelty"),
    ),
    "public safety / stalking": (
        Provision("BNS", "78", "Stalking"), Provision("BNS", "74", "Assault or use of criminal force to woman with intent to outrage her modesty"),
        Provision("BNS", "79", "Word, gesture or act intended to insult modesty of a woman"), Provision("BNS", "351(2)", "Criminal intimidation"),
    ),
}
LEGAL_PREFIXES = ("", "", "", "", "", "Relevant law: ", "Applicable provisions: ", "Legal provisions: ")


def render_forms(provision: Provision) -> list[str]:
    """Every form of one provision (a pair of sections has its own forms; forms with a title need one)."""
    if "-" in provision.section:
        a, b = provision.section.split("-")
        return [f.format(a=a, b=b) for f in _BNS_PAIR_FORMS]
    return [f.format(s=provision.section, t=provision.title) for f in _FORMS[provision.act] if provision.title or "{t}" not in f]


# ---------------------------------------------------------------------------------------------
# Wrong citations (real ones, from the registry facts), planted as legal.* problems.
# ---------------------------------------------------------------------------------------------

TITLE_MISMATCHES = (
    "BNS Section 73 (outraging modesty)", "BNS Section 316 (cheating)", "BNS Section 77 (Stalking)", "BNS Section 78 (Voyeurism)",
    "BNS Section 351 (Extortion)", "BNS Section 308 (Criminal intimidation)", "BNS Section 79 (Sexual harassment)",
    "IT Act Section 66E (identity theft)", "BNS Section 318 (Criminal breach of trust)",
)
# Repealed provisions, each beside the risk types it was typically (mis)cited for.
REPEALED_BY_RISK: Mapping[str, Sequence[str]] = {
    "cyberstalking": ("IPC 354D", "Section 354D IPC", "CrPC 154"),
    "online harassment": ("IPC Section 509", "IPC 509", "CrPC 154"),
    "workplace harassment": ("IPC Section 354A", "IPC 509"),
    "domestic violence": ("IPC Section 498A", "IPC 498A", "Section 498A of the IPC"),
    "coercive control": ("IPC Section 498A", "IPC 506"),
    "blackmail / extortion": ("IPC Section 384", "IPC 506", "CrPC 154"),
    "trafficking indicators": ("IPC Section 370", "IPC 370A"),
    "deepfake abuse": ("IPC Section 509", "IPC 500"),
    "revenge content (NCII)": ("IPC Section 354C", "IPC 354C"),
    "financial exploitation": ("IPC Section 420", "IPC 420", "IPC 406"),
    "emotional manipulation": ("IPC Section 498A", "IPC 506"),
    "public safety / stalking": ("IPC 354D", "IPC Section 354", "IPC 509"),
}
STRUCK_DOWN = ("IT Act Section 66A", "Section 66A of the IT Act", "IT Act 66A", "S. 66A IT Act")
UNKNOWN_SECTIONS = (
    "BNS Section 354D", "BNS 498A", "BNS 420", "PWDVA Section 498A", "BNS Section 509", "BNS Section 370", "POSH Act Section 354A",
    "BNS 506", "IT Act Section 67D", "BNS Section 376",
)
UNKNOWN_ACTS = (
    "Women's Online Safety Act, 2019, Section 4", "Section 12 of the Cyber Harassment Prevention Act, 2020",
    "Digital Dignity of Women Act Section 7", "National Women Protection Act, 2018, s. 9", "Anti-Stalking Act Section 3",
    "Section 15 of the Online Decency Code, 2021", "Domestic Harmony Act Section 5",
)
# Real, valid sections that fit none of the risk types (public nuisance, elections, stamps, ...).
OFFENCE_MISMATCHES = (
    Provision("BNS", "281", "Rash driving or riding on a public way"), Provision("BNS", "279", "Fouling water of public spring or reservoir"),
    Provision("BNS", "297", "Keeping lottery office"), Provision("BNS", "325", "Mischief by killing or maiming animal"),
    Provision("BNS", "170", "Bribery"), Provision("BNS", "184", "Using Government stamp known to have been before used"),
    Provision("BNS", "273", "Disobedience to quarantine rule"), Provision("BNS", "274", "Adulteration of food or drink intended for sale"),
    Provision("BNS", "283", "Exhibition of false light, mark or buoy"),
)
# BNS 302 (wounding religious feelings) is a classic wrong citation for online offences (IPC 302 was
# murder): planted only on these risk types.
BNS_302 = Provision("BNS", "302", "Uttering words, etc., with deliberate intent to wound religious feelings of any person")
OFFENCE_MISMATCH_302 = ("cyberstalking", "financial exploitation", "deepfake abuse")
SECTION_XX = ("BNS Section XX", "Section XX BNS", "IT Act Section XX", "BNS Section XX (Stalking)")
