"""What the Strava feature tells a runner, in English and Korean."""

from __future__ import annotations

from coach.domain.athletes import Language

_TEXT: dict[str, dict[Language, str]] = {
    "backfill_started": {
        Language.EN: "Strava is connected. I'm importing your last {weeks} weeks of activities "
                     "and will tell you when that's done.",
        Language.KO: "Strava가 연결되었어요. 최근 {weeks}주 활동을 가져오고 있어요. 끝나면 알려드릴게요.",
    },
    "backfill_progress": {
        Language.EN: "Still importing from Strava: {count} activities so far…",
        Language.KO: "Strava에서 가져오는 중이에요: 지금까지 {count}개…",
    },
    "backfill_done": {
        Language.EN: "Strava import done: {count} activities from the last {weeks} weeks.",
        Language.KO: "Strava 가져오기 완료: 최근 {weeks}주 활동 {count}개를 가져왔어요.",
    },
    "revoked": {
        Language.EN: "Strava was disconnected: RunCoach's access was revoked on Strava, so new "
                     "activities won't arrive any more. Your runs stay here. Send /strava to connect again.",
        Language.KO: "Strava 연결이 끊겼어요. Strava에서 RunCoach 접근 권한이 해제되어 새 활동이 더 이상 "
                     "들어오지 않아요. 기록은 그대로 남아 있어요. 다시 연결하려면 /strava 를 보내세요.",
    },
    "disconnected": {
        Language.EN: "Strava is disconnected. Your runs stay here; send /strava to connect again.",
        Language.KO: "Strava 연결을 해제했어요. 기록은 그대로 남아 있어요. "
                     "다시 연결하려면 /strava 를 보내세요.",
    },
}

MISSING_SCOPE = (
    "Strava didn't give RunCoach permission to see your activities, so nothing was connected. "
    "Connect again and leave \"View data about your activities\" (and, for private ones, "
    "\"View data about your private activities\") ticked on Strava's page."
)
DENIED = (
    "You didn't approve the connection on Strava, so nothing was connected. "
    "Use /strava (or the Connect Strava button) to try again whenever you like."
)
NOT_CONFIGURED = "Strava isn't set up on this RunCoach (the operator needs to set STRAVA_CLIENT_ID)."
NOT_LINKED = "Strava isn't connected. Send /strava to connect it."


def text(language: Language, key: str, **values: object) -> str:
    template = _TEXT[key].get(language) or _TEXT[key][Language.EN]
    return template.format(**values)
