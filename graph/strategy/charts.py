"""Tables and chart data for an :class:`~graph.strategy.answers.Answer`, as pandas DataFrames.

The "What past actions taught" page shows these as tables and Altair charts; the
shaping lives here so the page stays layout. Text is data in every frame (the
page renders it with ``st.dataframe`` and Altair, which do not interpret HTML).

>>> from graph.strategy.answers import Answer, Question
>>> timeline(Answer(Question(), (), (), (), (), (), ())).empty
True
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from graph.strategy.answers import Answer

__all__ = [
    "MAX_HEATMAP_ACTIONS",
    "actions_by_indicator",
    "indicators_table",
    "lessons_table",
    "methods_by_indicator",
    "methods_table",
    "timeline",
]

#: Most actions in the actions x indicators heatmap (the most recent are kept).
MAX_HEATMAP_ACTIONS = 60


def lessons_table(answer: Answer) -> pd.DataFrame:
    """One row per lesson and stance, with its evidence, action and first reading."""
    return pd.DataFrame(
        [
            {
                "action date": row.action_date,
                "action": row.action_label,
                "stance": row.stance.value,
                "about": row.target_label,
                "lesson": row.title,
                "what it taught": row.text,
                "evidence": row.evidence or "",
                "recorded by": row.author or "",
                "recorded on": row.date,
                "readings": "; ".join(r.title for r in row.readings),
                "reading link": next((r.url for r in row.readings if r.url), None),
            }
            for row in answer.lessons
        ]
    )


def indicators_table(answer: Answer) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator": s.label,
                "n": s.n,
                "mean": round(s.mean, 2),
                "-2": s.distribution[0],
                "-1": s.distribution[1],
                "0": s.distribution[2],
                "+1": s.distribution[3],
                "+2": s.distribution[4],
                "share +2": round(s.share(2), 3),
            }
            for s in answer.indicators
        ]
    )


def methods_table(answer: Answer) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "indicator": m.indicator_label,
                "rank": str(m.rank) if m.rank else "weak",
                "method": m.label,
                "n": m.n,
                "mean": round(m.mean, 2),
                "estimate": round(m.estimate, 2),
                "95% low": round(m.low, 2),
                "95% high": round(m.high, 2),
            }
            for m in answer.methods
        ]
    )


def actions_by_indicator(answer: Answer) -> pd.DataFrame:
    """Mean score per (action, indicator) for the most recent assessed actions."""
    scores: dict[tuple, list[int]] = defaultdict(list)
    for row in answer.assessments:
        scores[(row.action, row.indicator_label)].append(row.score)
    actions = {a.action: a for a in answer.actions}
    assessed = sorted(
        {action for action, _ in scores},
        key=lambda a: (actions[a].date is not None, actions[a].date),
        reverse=True,
    )[:MAX_HEATMAP_ACTIONS]
    chosen = set(assessed)
    return pd.DataFrame(
        [
            {
                "action": f"{actions[action].label} ({actions[action].date or 'undated'})",
                "date": actions[action].date,
                "indicator": indicator,
                "score": sum(values) / len(values),
                "n": len(values),
            }
            for (action, indicator), values in scores.items()
            if action in chosen
        ],
        columns=["action", "date", "indicator", "score", "n"],
    )


def methods_by_indicator(answer: Answer) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "method": m.label,
                "indicator": m.indicator_label,
                "n": m.n,
                "mean": m.mean,
                "estimate": m.estimate,
                "low": m.low,
                "high": m.high,
                "weak": m.weak,
            }
            for m in answer.methods
        ],
        columns=["method", "indicator", "n", "mean", "estimate", "low", "high", "weak"],
    )


def timeline(answer: Answer) -> pd.DataFrame:
    """Dated actions and lessons (by the date each lesson was recorded)."""
    points = [
        {"date": a.date, "kind": "action", "what": "action", "label": a.label}
        for a in answer.actions
        if a.date
    ]
    seen = set()
    for row in answer.lessons:
        if row.date and row.lesson not in seen:
            seen.add(row.lesson)
            points.append(
                {
                    "date": row.date,
                    "kind": "lesson",
                    "what": f"lesson ({row.stance.value})",
                    "label": row.title,
                }
            )
    frame = pd.DataFrame(points, columns=["date", "kind", "what", "label"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame
