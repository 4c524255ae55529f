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
    # Plans
    "kind_rest": "휴식", "kind_recovery": "회복주", "kind_easy": "이지런", "kind_long": "장거리",
    "kind_marathon": "마라톤 페이스", "kind_tempo": "템포런", "kind_intervals": "인터벌",
    "kind_repetition": "반복주", "kind_race": "대회", "kind_cross": "크로스 트레이닝",
    "phase_base": "기초기", "phase_build": "강화기", "phase_peak": "절정기", "phase_taper": "테이퍼",
    "phase_race": "대회 주", "phase_recovery": "회복 주", "phase_maintenance": "유지기",
    "plan_week_header": "{week} 주 ({phase}) — 계획 {distance}:",
    "plan_created": "계획을 만들었어요: {weeks}주. 이번 주:",
    "plan_notes": "안전을 위해 몇 가지를 조정했어요:",
    "no_plan": "아직 계획이 없어요. 목표를 알려 주시면 만들어 드릴게요: /goal half 2027-04-12 또는 /goal fitness",
    "today_rest": "오늘은 휴식일이에요. 회복도 훈련이에요.",
    "today_workout": "오늘: {workout}\n{description}",
    "today_done": "이미 했어요. 잘했어요!",
    "done_ack": "좋아요! 기록 파일을 보내거나 /log 8k 42:30 으로 기록해 주세요.",
    "move_usage": "어디로 옮길지 알려 주세요. 예: /move 일 (오늘 훈련을 일요일로), /move 화 목, /move long 일",
    "move_no_long": "이번 주에 옮길 장거리가 남아 있지 않아요.",
    "sick_usage": "며칠 동안인지 알려 주세요. 예: /sick 3. 푹 쉬세요!",
    "away_usage": "떠나는 날과 돌아오는 날을 알려 주세요. 예: /away 2027-01-10 2027-01-14",
    "predict_usage": "거리를 알려 주세요. 예: /predict 10k, /predict half",
    "predict_result": "{distance}: 약 {time} (VDOT {vdot})",
    "predict_riegel": "{distance} 기록으로 Riegel 공식을 쓰면 {time}이에요.",
    "predict_source_runs": "최근 가장 좋은 기록을 바탕으로 했어요.",
    "predict_source_stated": "알려 주신 대회 기록을 바탕으로 했어요.",
    "predict_source_level": "아직 대회나 강한 훈련 기록이 없어서 같은 수준의 일반적인 러너를 가정했어요.",
    "proposal_header": "이렇게 바꾸려고 해요:",
    "proposal_rules": "적용한 안전 규칙:",
    "proposal_ask": "적용할까요? (네 / 아니요)",
    "button_confirm": "확인", "button_cancel": "취소", "button_done": "완료", "button_skip": "건너뛰기",
    "confirmed": "완료 — 계획을 바꿨어요 (버전 {version}).",
    "cancelled": "알겠어요, 계획은 그대로 둘게요.",
    "nothing_to_confirm": "답을 기다리는 변경이 없어요.",
    "rule_weekly_increase": "주간 거리는 최대 10 %까지만 늘려요",
    "rule_long_run_share": "장거리는 주간 거리의 30 % 이내로 해요",
    "rule_long_run_time": "장거리는 2시간 30분을 넘지 않아요",
    "rule_quality_count": "강한 훈련은 주 2회까지만 해요",
    "rule_quality_spacing": "강한 훈련은 연달아 하거나 장거리 전날에 하지 않아요",
    "rule_easy_share": "달리기 시간의 75 % 이상은 편하게 달려요",
    "rule_taper": "대회 전에는 훈련량을 줄여요",
    "rule_unavailable_rest": "달릴 수 없는 날은 휴식으로 둬요",
    "rule_sick_ramp": "아픈 뒤에는 천천히 복귀해요",
    "rule_return_to_run": "쉬고 난 뒤 처음에는 강한 훈련을 하지 않아요",
    "rule_acwr": "최근 훈련 부하가 평소보다 높아요",
    "rule_extra_volume": "계획보다 많이 달려서 다음 훈련을 가볍게 했어요",
    "rule_realign": "놓친 훈련을 몰아서 하지 않아요",
    # Post-run notes
    "note_done": "{distance}를 {time}에 달렸어요 ({pace}).",
    "note_cross": "크로스 트레이닝으로 기록했어요: 부하에는 들어가지만 달리기 거리에는 들어가지 않아요.",
    "note_unplanned": "오늘은 계획에 없던 추가 달리기예요.",
    "note_planned": "계획: {workout}",
    "note_on_target": "계획대로 잘 했어요.",
    "note_longer": "계획보다 길게 달렸어요.",
    "note_shorter": "계획보다 짧았어요. 괜찮아요, 몸의 소리를 들으세요.",
    "note_plan_changed": "계획을 조정했어요:",
    # 대화에서 만날 수 있는 오류
    "err_distance": "{text!r}는 거리로 읽을 수 없어요 (예: 5k, 10k, half, marathon, 8k 또는 미터).",
    "err_time": "{text!r}는 시간으로 읽을 수 없어요 (예: mm:ss 또는 h:mm:ss).",
    "err_day": "{text!r}는 날짜로 읽을 수 없어요 (예: 2027-03-01, 일, 내일).",
    "err_goal_date": "대회 목표에는 날짜가 필요해요. 예: /goal half 2027-04-12",
    "err_goal_past": "대회 날짜는 미래여야 해요.",
    "err_goal_far": "2년보다 먼 대회예요. 2년 안의 대회를 골라 주세요.",
    "err_goal_pace": "그 목표 기록은 계획할 수 없는 페이스예요 (km당 2:30에서 20:00 사이).",
    "err_log_pace": "그 거리와 시간으로는 믿기 어려운 페이스예요 (km당 2:00에서 30:00 사이). 숫자를 확인해 주세요.",
    "err_log_long": "한 번의 달리기가 하루보다 길 수는 없어요.",
    "err_race_fixed": "대회는 대회 날에 그대로 둬요. 대신 목표를 바꿔 주세요.",
    "err_rest_day": "{day}은 휴식일이라 바꿀 훈련이 없어요.",
    "err_past_day": "{day}은 이미 지났어요. 오늘부터의 날짜만 바꿀 수 있어요.",
    "err_outside_plan": "{day}은 계획 기간 밖이에요.",
}
