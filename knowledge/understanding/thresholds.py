"""The decision thresholds, kept in one file (`thresholds.yaml`) with why each is where it is."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

THRESHOLDS_FILE = Path(__file__).parent / "thresholds.yaml"


@dataclass(frozen=True)
class Thresholds:
    """Where each calibrated probability turns into a decision."""

    crisis_act: float
    crisis_quiet: float
    red_flag_note: float
    red_flag_family: float
    low_mood_support: float
    care_intent: float
    lookalike: float

    @classmethod
    def load(cls, path: Path = THRESHOLDS_FILE) -> Thresholds:
        """Read the thresholds file; a missing or out-of-range value is an error at start."""
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        thresholds = cls(crisis_act=float(data["crisis"]["act"]),
                         crisis_quiet=float(data["crisis"]["quiet"]),
                         red_flag_note=float(data["red_flag"]["note"]),
                         red_flag_family=float(data["red_flag"]["family"]),
                         low_mood_support=float(data["low_mood"]["support"]),
                         care_intent=float(data["intent"]["care"]),
                         lookalike=float(data["intent"]["lookalike"]))
        in_range = all(0.0 < v < 1.0 for v in vars(thresholds).values())
        if not in_range or thresholds.crisis_quiet > thresholds.crisis_act:
            raise ValueError(f"{path.name}: thresholds must lie in (0, 1), quiet <= act")
        return thresholds
