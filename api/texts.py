"""The web page's words in English and Korean, and how a request's language is chosen."""

from __future__ import annotations

from coach.domain.athletes import Language

_TEXTS: dict[str, tuple[str, str]] = {  # key: (English, Korean)
    "nav_feed": ("Feed", "피드"),
    "nav_settings": ("Settings", "설정"),
    "nav_logout": ("Sign out everywhere", "모든 기기에서 로그아웃"),
    "login_title": ("Sign in", "로그인"),
    "signup_title": ("Create an account", "계정 만들기"),
    "email": ("Email", "이메일"),
    "password": ("Password", "비밀번호"),
    "login_button": ("Sign in", "로그인"),
    "signup_button": ("Create account", "계정 만들기"),
    "no_account": ("No account yet?", "아직 계정이 없나요?"),
    "have_account": ("Already have an account?", "이미 계정이 있나요?"),
    "or_with": ("or", "또는"),
    "with_google": ("Sign in with Google", "Google로 로그인"),
    "with_strava": ("Sign in with Strava", "Strava로 로그인"),
    "bot_hint": ("On Telegram? Send /web to the bot for a one-time sign-in link.",
                 "텔레그램을 쓰시나요? 봇에게 /web 을 보내면 일회용 로그인 링크를 받을 수 있어요."),
    "err_login": ("Wrong email or password.", "이메일 또는 비밀번호가 틀렸어요."),
    "err_signup": ("That email can't be used to sign up. If it's yours, sign in instead.",
                   "이 이메일로는 가입할 수 없어요. 본인 이메일이라면 로그인해 주세요."),
    "err_rate": ("Too many attempts; wait a few minutes and try again.",
                 "시도가 너무 많아요. 몇 분 후에 다시 해 주세요."),
    "err_link": ("This sign-in link has expired or was already used. Ask the bot for a new one with /web.",
                 "이 로그인 링크는 만료되었거나 이미 사용되었어요. 봇에게 /web 으로 새 링크를 받아 주세요."),
    "err_google": ("Google sign-in didn't work; please try again.",
                   "Google 로그인이 되지 않았어요. 다시 시도해 주세요."),
    "week_title": ("This week", "이번 주"),
    "planned": ("Planned", "계획"),
    "done": ("Done", "완료"),
    "no_plan": ("No plan yet: set a goal in Settings.", "아직 계획이 없어요. 설정에서 목표를 정해 주세요."),
    "volume_title": ("Weekly distance", "주간 거리"),
    "feed_title": ("Runs", "러닝 기록"),
    "feed_empty": ("No runs yet. Upload a file or connect Strava.",
                   "아직 기록이 없어요. 파일을 올리거나 Strava를 연결해 보세요."),
    "older": ("Older runs", "이전 기록"),
    "newest": ("Newest runs", "최신 기록"),
    "upload_title": ("Upload a run", "기록 올리기"),
    "upload_hint": ("A FIT, GPX or TCX file", "FIT, GPX, TCX 파일"),
    "upload_button": ("Upload", "올리기"),
    "upload_duplicate": ("You already had this run; nothing new was added.",
                         "이미 있는 기록이라 새로 추가하지 않았어요."),
    "follow_title": ("Follow a runner", "러너 팔로우"),
    "follow_button": ("Follow", "팔로우"),
    "unfollow": ("Unfollow", "언팔로우"),
    "following": ("Following", "팔로잉"),
    "followed": ("You now follow @{handle}.", "이제 @{handle} 님을 팔로우해요."),
    "chat_title": ("Ask your coach", "코치에게 물어보기"),
    "chat_placeholder": ("How's my week looking?", "이번 주 훈련 어때요?"),
    "send": ("Send", "보내기"),
    "distance": ("Distance", "거리"),
    "time": ("Time", "시간"),
    "pace": ("Pace", "페이스"),
    "hr": ("Heart rate", "심박"),
    "max_hr": ("Max HR", "최대 심박"),
    "elevation": ("Elevation gain", "상승 고도"),
    "cadence": ("Cadence", "케이던스"),
    "planned_workout": ("Planned", "계획된 훈련"),
    "coach_note": ("Coach", "코치"),
    "your_note": ("Note", "메모"),
    "private": ("Private", "비공개"),
    "followers_only": ("Followers", "팔로워 공개"),
    "visibility": ("Who can see it", "공개 범위"),
    "save": ("Save", "저장"),
    "laps": ("Laps", "랩"),
    "splits": ("Splits", "구간"),
    "pace_hr_chart": ("Pace and heart rate", "페이스와 심박"),
    "no_chart": ("No GPS or heart-rate data to draw.", "그릴 GPS나 심박 데이터가 없어요."),
    "settings_title": ("Settings", "설정"),
    "goal_title": ("Goal", "목표"),
    "goal_distance": ("Race distance (5k, 10k, half, marathon; empty for general fitness)",
                      "대회 거리 (5k, 10k, half, marathon; 비우면 체력 유지)"),
    "goal_date": ("Race date", "대회 날짜"),
    "goal_time": ("Target time (optional, h:mm:ss)", "목표 기록 (선택, h:mm:ss)"),
    "goal_now": ("Current goal", "현재 목표"),
    "goal_fitness": ("General fitness", "체력 유지"),
    "availability_title": ("Availability", "훈련 가능 일정"),
    "runs_per_week": ("Runs per week", "주당 러닝 횟수"),
    "long_run_day": ("Long-run day", "장거리 요일"),
    "days_off": ("Days you never run", "쉬는 요일"),
    "prefs_title": ("Units and language", "단위와 언어"),
    "units": ("Units", "단위"),
    "language": ("Language", "언어"),
    "timezone": ("Time zone", "시간대"),
    "notifications_title": ("Notifications", "알림"),
    "morning_message": ("Morning message with today's workout", "오늘 훈련을 알려주는 아침 메시지"),
    "weekly_review": ("Weekly review", "주간 리뷰"),
    "post_run_note": ("A note from the coach after each run", "러닝 후 코치 노트"),
    "strava_title": ("Strava", "Strava"),
    "strava_connect": ("Connect Strava", "Strava 연결"),
    "strava_connected": ("Connected to Strava.", "Strava에 연결되어 있어요."),
    "strava_disconnect": ("Disconnect Strava", "Strava 연결 해제"),
    "llm_title": ("What the AI coach may see", "AI 코치가 볼 수 있는 정보"),
    "llm_full": ("Everything: runs with laps, splits and notes", "전부: 랩, 구간, 메모 포함"),
    "llm_summaries": ("Summaries only: date, distance, time, heart rate", "요약만: 날짜, 거리, 시간, 심박"),
    "llm_none": ("Nothing: the AI coach sees only our conversation", "없음: 대화 내용만"),
    "account_title": ("Account", "계정"),
    "handle_label": ("Your handle (others follow you by it)", "내 핸들 (다른 러너가 팔로우할 때 사용)"),
    "email_password_title": ("Email and password", "이메일과 비밀번호"),
    "email_password_hint": (
        "Add an email and password to sign in without Telegram. If that email already has an "
        "account, enter its password and the two accounts become one.",
        "텔레그램 없이 로그인하려면 이메일과 비밀번호를 추가하세요. 이미 계정이 있는 이메일이라면 "
        "그 계정의 비밀번호를 입력하면 두 계정이 하나로 합쳐져요."),
    "link_google": ("Link Google", "Google 연결"),
    "calendar_title": ("Calendar", "캘린더"),
    "calendar_hint": ("Subscribe to this link in your calendar app.", "캘린더 앱에서 이 링크를 구독하세요."),
    "calendar_reset": ("Make a new link", "새 링크 만들기"),
    "export_title": ("Your data", "내 데이터"),
    "export_button": ("Download everything (zip)", "모두 내려받기 (zip)"),
    "delete_title": ("Delete account", "계정 삭제"),
    "delete_hint": ("This deletes everything: runs, plans, messages; Strava access is revoked. "
                    "Type your handle to confirm.",
                    "기록, 계획, 메시지 등 모든 것이 삭제되고 Strava 접근 권한도 해제돼요. "
                    "확인을 위해 핸들을 입력하세요."),
    "delete_button": ("Delete my account forever", "계정 영구 삭제"),
    "delete_mismatch": ("That's not your handle; nothing was deleted.",
                        "핸들이 맞지 않아 삭제하지 않았어요."),
    "deleted": ("Your account and all its data are gone.", "계정과 모든 데이터가 삭제되었어요."),
    "saved": ("Saved.", "저장했어요."),
    "error_title": ("Something went wrong", "문제가 생겼어요"),
    "back": ("Back", "돌아가기"),
    "by": ("by", ""),
    "you": ("you", "나"),
    "kind_rest": ("Rest", "휴식"),
    "kind_recovery": ("Recovery", "회복주"),
    "kind_easy": ("Easy", "이지런"),
    "kind_long": ("Long run", "장거리"),
    "kind_marathon": ("Marathon pace", "마라톤 페이스"),
    "kind_tempo": ("Tempo", "템포런"),
    "kind_intervals": ("Intervals", "인터벌"),
    "kind_repetition": ("Repetitions", "반복주"),
    "kind_race": ("Race", "레이스"),
    "kind_cross": ("Cross-training", "교차 훈련"),
}


def text(language: Language | str, key: str, **values: object) -> str:
    english, korean = _TEXTS[key]
    chosen = korean if str(language) == Language.KO.value and korean else english
    return chosen.format(**values) if values else chosen


def from_accept_language(header: str | None) -> Language:
    """The first language of `Accept-Language` we speak (by q-value), English otherwise."""
    best: tuple[float, Language] | None = None
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        language = Language.KO if tag.startswith("ko") else Language.EN if tag.startswith("en") else None
        if language is None or quality <= 0:
            continue
        score = quality - position * 1e-6  # earlier wins a tie
        if best is None or score > best[0]:
            best = (score, language)
    return best[1] if best else Language.EN
