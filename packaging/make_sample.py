"""Build resources/sample.json and resources/sample.focus: a plausible year of a small
carrying broker-dealer (JAN–OCT reported, NOV–DEC not yet), used when the app starts
without a file and by tests and benchmarks.

    python packaging/make_sample.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from focusdesk.document.store import save  # noqa: E402
from focusdesk.formats.jsonio import workbook_from_json  # noqa: E402

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT")


def month_data(i: int) -> dict:
    # Deterministic, plausible figures in dollars and cents.
    trading = [18_450.25, -7_210.00, 22_905.10, 4_388.40, -12_640.75, 30_110.00,
               9_875.55, 15_420.00, -3_205.30, 26_730.80][i]
    items = {
        "1710": "1500000", "1730": "250000",
        "3950": f"{trading:.2f}",
        "4212": f"{412_300 + 9_850 * i:.2f}",
        "4201": f"{385_120.45 + 7_305.10 * i:.2f}",
        "4221": f"{9_800 + 410 * i:.2f}",
        "3550": f"{3_410 + 120 * i}", "3560": "0",
        "3540": f"{612_450 + 4_100 * i}", "3600": "0", "3612": f"{18_200 + 350 * i}",
        "3740": f"{286_945 + 2_210 * i}", "4880": "0", "1011": "0",
        "3840": f"{11_850_000 + 240_000 * i}", "4470": "0",
        "3852D": "0",
        "4430": f"{2_410_000 + 35_000 * i}", "4472": f"{1_305_000 + 21_000 * i}",
        "4530": f"{1_250_000 + 15_000 * i}",
        "7060": "0", "7180": "0",
        "850": f"{3_880_400 + 52_100 * i}", "1620": f"{640_250 + 8_400 * i}",
        "841": "0", "1621": "0", "3551": "0",
        "5371": "0", "5372": "0", "5375": "0", "5376": "0",
        "4980": str(18_240 + 611 * i),
        "5362": f"{12_400 + 300 * i}", "5365": f"{9_150 + 220 * i}",
        "770": f"{1_420_500 + 18_000 * i}", "1505": f"{1_198_700 + 15_500 * i}",
        "114": "42", "116": "17",
        "810": f"{905_300 + 6_000 * i}", "1560": f"{712_800 + 4_500 * i}",
        "750": f"{2_115_940 + 12_500 * i}",
        "310": f"{6_204_000 + 48_000 * i}", "1580": f"{7_950_300 + 51_000 * i}",
        "103": f"{1_845_000 + 10_000 * i}",
    }
    if i == 0:
        items["3501"] = "4218650.37"
    if i == 5:
        items["4264"] = "250000"
    if i == 8:
        items["4274"] = "100000"
    zero = {"I": "0", "II": "0", "III": "0", "IV": "0"}
    schedule_b = {key: dict(zero) for key in
                  ("1", "2 L", "2 S", "3", "4", "5A L", "5A S", "5B", "5C L", "5C S",
                   "5D", "5E", "5F", "6", "7")}
    schedule_b["1"] = {"I": "3", "II": "14210", "III": "2300", "IV": str(14210 + 310 * i)}
    schedule_b["4"] = {"I": "1", "II": "8800", "III": "0", "IV": "8800"}
    schedule_b["5A L"] = {"I": "2", "II": "4100", "III": "1250", "IV": "2850"}
    # 5G takes no column IV (line 5 instructions: offsets in columns II and III).
    schedule_b["5G"] = {"I": "1", "II": "1250", "III": "1250"}
    return {"items": items, "schedule_b": schedule_b, "schedule_b_answer": "yes"}


def sample() -> dict:
    return {
        "firm": {"name": "Hudson Ridge Securities LLC", "id_no": "38714",
                 "sec_file_no": "8-69142", "preparer": "Dana Whitfield, FINOP",
                 "phone": "(212) 555-0147"},
        "year": 2026, "method": "aggregate-indebtedness", "minimum_dollar": "250000",
        "months": {m: month_data(i) for i, m in enumerate(MONTHS)},
    }


def main() -> None:
    data = sample()
    res = ROOT / "resources"
    (res / "sample.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    target = res / "sample.focus"
    target.unlink(missing_ok=True)
    save(workbook_from_json(data, where="sample.json"), target)
    print(f"wrote {res / 'sample.json'} and {target}")


if __name__ == "__main__":
    main()
