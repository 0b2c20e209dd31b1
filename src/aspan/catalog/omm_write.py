"""Write a ``Catalog`` as OMM: CelesTrak-style JSON and CSV, CCSDS OMM 2.0 XML.

Keys and their order are CelesTrak's (the 17-column CSV header; "A New Way to Obtain GP
Data"); the XML is an ``<ndm>`` of ``<omm>`` blocks in the CCSDS NDM/XML 2.0 schema
(CCSDS 502.0-B-3, section 4), as CelesTrak writes it. Numbers are the shortest decimal that
reads back to the same double; epochs are ISO-8601 UTC to the microsecond; a TLE-style
designator (98067A) is written the OMM way (1998-067A).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from xml.sax.saxutils import escape

from aspan.catalog.elements import Catalog

#: CelesTrak's OMM CSV header, in order.
KEYS = (
    "OBJECT_NAME", "OBJECT_ID", "EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION",
    "RA_OF_ASC_NODE", "ARG_OF_PERICENTER", "MEAN_ANOMALY", "EPHEMERIS_TYPE",
    "CLASSIFICATION_TYPE", "NORAD_CAT_ID", "ELEMENT_SET_NO", "REV_AT_EPOCH", "BSTAR",
    "MEAN_MOTION_DOT", "MEAN_MOTION_DDOT",
)
_COLUMN = {
    "MEAN_MOTION": "mean_motion_rev_day", "ECCENTRICITY": "eccentricity",
    "INCLINATION": "inclination_deg", "RA_OF_ASC_NODE": "raan_deg", "ARG_OF_PERICENTER":
    "argp_deg", "MEAN_ANOMALY": "mean_anomaly_deg", "EPHEMERIS_TYPE": "ephemeris_type",
    "NORAD_CAT_ID": "norad_id", "ELEMENT_SET_NO": "element_set_no", "REV_AT_EPOCH":
    "rev_at_epoch", "BSTAR": "bstar_per_er", "MEAN_MOTION_DOT": "ndot_rev_day2",
    "MEAN_MOTION_DDOT": "nddot_rev_day3",
}
_TLE_DESIGNATOR = re.compile(r"(\d{2})(\d{3})([A-Z]{0,3})")
_UNIX = dt.datetime(1970, 1, 1)
_JD_1970 = 2440587.5

_XML_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ndm xmlns:xsi="http://www.w3.org/2001/'
    'XMLSchema-instance" xsi:noNamespaceSchemaLocation="https://sanaregistry.org/r/'
    'ndmxml_unqualified/ndmxml-2.0.0-master-2.0.xsd">\n'
)
_XML_GROUPS = (
    ("metadata", ("OBJECT_NAME", "OBJECT_ID", "CENTER_NAME", "REF_FRAME", "TIME_SYSTEM",
                  "MEAN_ELEMENT_THEORY")),
    ("meanElements", ("EPOCH", "MEAN_MOTION", "ECCENTRICITY", "INCLINATION", "RA_OF_ASC_NODE",
                      "ARG_OF_PERICENTER", "MEAN_ANOMALY")),
    ("tleParameters", ("EPHEMERIS_TYPE", "CLASSIFICATION_TYPE", "NORAD_CAT_ID",
                       "ELEMENT_SET_NO", "REV_AT_EPOCH", "BSTAR", "MEAN_MOTION_DOT",
                       "MEAN_MOTION_DDOT")),
)
_FIXED = {"CENTER_NAME": "EARTH", "REF_FRAME": "TEME", "TIME_SYSTEM": "UTC",
          "MEAN_ELEMENT_THEORY": "SGP4"}


def omm_records(catalog: Catalog) -> list[dict[str, object]]:
    """One dict per object with the OMM keys, numbers as Python ints and floats."""
    c = {key: value.tolist() for key, value in catalog.columns().items()}
    records = []
    for i in range(len(catalog)):
        record: dict[str, object] = {
            "OBJECT_NAME": str(c["name"][i]),
            "OBJECT_ID": omm_designator(str(c["intl_designator"][i])),
            "EPOCH": iso_epoch(c["epoch_jd"][i], c["epoch_fr"][i]),
            "CLASSIFICATION_TYPE": str(c["classification"][i]) or "U",
        }
        for key, column in _COLUMN.items():
            record[key] = c[column][i]
        records.append({key: record[key] for key in KEYS})
    return records


def omm_designator(text: str) -> str:
    """'98067A' -> '1998-067A' (two-digit years 57-99 are 19xx); OMM ones unchanged."""
    match = _TLE_DESIGNATOR.fullmatch(text.strip())
    if not match:
        return text.strip()
    year = int(match.group(1))
    return f"{1900 + year if year >= 57 else 2000 + year}-{match.group(2)}{match.group(3)}"


def iso_epoch(jd: float, fr: float) -> str:
    """Split UTC Julian date -> ``YYYY-MM-DDTHH:MM:SS.ffffff`` (rounded to the microsecond)."""
    days = round(jd - _JD_1970)  # jd ends in .5: a whole number of days since 1970
    micro = round(fr * 86_400_000_000)
    return (_UNIX + dt.timedelta(days=days, microseconds=micro)).strftime("%Y-%m-%dT%H:%M:%S.%f")


def number(value: object) -> str:
    """Shortest text that reads back to the same number ('0' for zero)."""
    if isinstance(value, int):
        return str(value)
    return "0" if value == 0 else repr(float(value))


def omm_json(catalog: Catalog) -> str:
    """CelesTrak-style JSON: a list of objects, numbers as numbers."""
    records = omm_records(catalog)
    for record in records:
        for key, value in record.items():
            if isinstance(value, float) and value == 0:
                record[key] = 0
    return json.dumps(records, indent=4, ensure_ascii=False) + "\n"


def omm_csv(catalog: Catalog) -> str:
    """CelesTrak's OMM CSV: the 17-key header line, then one row per object (CRLF)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(KEYS)
    for record in omm_records(catalog):
        writer.writerow([value if isinstance(value, str) else number(value)
                         for value in record.values()])
    return out.getvalue()


def omm_xml(catalog: Catalog) -> str:
    """CCSDS OMM 2.0 XML: an ``<ndm>`` of ``<omm>`` blocks, one per line, as CelesTrak."""
    parts = [_XML_HEAD]
    for record in omm_records(catalog):
        record = {**record, **_FIXED}
        body = "".join(
            f"<{group}>" + "".join(
                f"<{key}>{escape(_text(record[key]))}</{key}>" for key in keys
            ) + f"</{group}>"
            for group, keys in _XML_GROUPS
        )
        metadata, rest = body.split("</metadata>", 1)
        parts.append(
            '<omm id="CCSDS_OMM_VERS" version="2.0">\n<header><CREATION_DATE/><ORIGINATOR/>'
            f"</header><body><segment>{metadata}</metadata><data>{rest}</data></segment>"
            "</body></omm>\n"
        )
    parts.append("</ndm>\n")
    return "".join(parts)


def _text(value: object) -> str:
    return value if isinstance(value, str) else number(value)
