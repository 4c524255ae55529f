"""Korean messages (한국어)."""

MESSAGES: dict[str, str] = {
    "weekdays": "월,화,수,목,금,토,일",
    "welcome": (
        "안녕하세요, {name}님! 러닝 코치 RunCoach입니다.\n"
        "목표를 알려 주시면 주간 훈련 계획을 만들어 드릴게요.\n\n"
        "목표 설정:  /goal half 2027-04-12 1:45:00  (또는 /goal 10k 2027-03-01, /goal fitness)\n"
        "달리기 기록: /log 8k 42:30 가볍게\n"
        "진행 상황:  /stats\n\n"
        "/help 에서 모든 명령을 볼 수 있어요."
    ),
    "help": (
        "할 수 있는 일:\n"
        "/goal 거리 날짜 [시간] — 대회 목표 설정 (5k, 10k, half, marathon) 또는 /goal fitness\n"
        "/plan [next] — 이번 주(다음 주) 계획\n"
        "/today — 오늘의 훈련\n"
        "/log 거리 시간 [메모] — 달리기 기록, 예: /log 8k 42:30 가볍게\n"
        "/skip, /move 날짜, /sick 일수, /away 시작 끝 — 계획 변경\n"
        "/stats — 최근 몇 주의 거리, 시간, 부하\n"
        "/predict 거리 — 대회 기록 예측\n"
        "/strava — Strava 연결 · /web — 웹 로그인 · /calendar — 캘린더\n"
        "/lang ko|en · /units km|mi · /settings — 설정\n"
        "FIT, GPX, TCX 파일을 보내거나 그냥 말을 걸어도 돼요."
    ),
    "goal_usage": (
        "거리와 날짜를 알려 주세요. 예: /goal half 2027-04-12 1:45:00, "
        "/goal 10k 2027-03-01, 대회 없이 건강 달리기는 /goal fitness"
    ),
    "goal_set_race": "목표 설정 완료: {date} {distance}{target}. {weeks}주 남았어요.",
    "goal_target": ", 목표 기록 {time}",
    "goal_set_fitness": "목표 설정 완료: 대회 없이 꾸준한 체력 관리. 꾸준하고 다양한 달리기를 도와드릴게요.",
    "log_usage": "거리와 시간을 알려 주세요. 예: /log 8k 42:30 가볍게",
    "log_done": "{distance}를 {time}에 달렸어요 ({pace}). 잘했어요!",
    "log_duplicate": "이미 같은 달리기({distance}, {time})가 있어서 하나만 남겼어요.",
    "stats_empty": "최근 {weeks}주 동안 기록이 없어요. /log 5k 30:00 으로 기록하거나 파일을 보내 주세요.",
    "stats_header": "최근 {weeks}주:",
    "stats_week": "{week}: {distance} · {time} · {runs}회",
    "stats_load": "부하 — 단기 {acute:.0f}, 장기 {chronic:.0f}, 비율 {ratio}",
    "stats_ratio_none": "없음",
    "lang_usage": "/lang ko 또는 /lang en 을 사용하세요.",
    "lang_set": "이제부터 한국어로 말할게요.",
    "units_usage": "/units km 또는 /units mi 를 사용하세요.",
    "units_set": "이제부터 거리와 페이스를 {units} 단위로 보여 드릴게요.",
    "coming": "{command} 기능은 곧 준비돼요. 지금 되는 기능은 /help 에서 확인하세요.",
    "unknown_command": "{command} 명령은 몰라요. /help 에서 할 수 있는 일을 확인하세요.",
    "fallback": (
        "무슨 말씀인지 잘 모르겠어요. 목표 설정(/goal), 계획 보기(/plan, /today), "
        "달리기 기록(/log 8k 42:30), 이번 주 조정(/skip, /move, /sick, /away), "
        "진행 상황(/stats)을 도와드릴 수 있어요. 전체 목록은 /help 에 있어요."
    ),
    "error": "제 쪽에서 문제가 생겼어요 (사건 번호 {incident}). 잠시 후 다시 시도해 주세요.",
    "invalid": "{message}",
    "empty": "말을 걸어 주시거나 /help 를 입력해 보세요.",
}
