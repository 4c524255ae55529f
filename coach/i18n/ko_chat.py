"""Korean messages of the chat coach (한국어): onboarding, settings, links, files, charts, proactive messages."""

MESSAGES: dict[str, str] = {
    # Onboarding
    "ob_welcome": ("안녕하세요, {name}님! 러닝 코치 RunCoach입니다. 몇 가지만 여쭤보고 첫 주 계획을 "
                   "만들어 드릴게요. 버튼을 누르거나 답을 입력하세요. 명령어(/help 등)를 보내면 "
                   "설정을 멈춰요."),
    "ob_q_goal": ("어떤 목표로 달리세요? 대회라면 5k, 10k, 하프, 풀코스 (날짜를 알면 함께: "
                  "하프 2027-04-12), 아니면 건강 달리기?"),
    "ob_q_date": ("대회({distance})는 언제인가요? 2027-04-12 처럼 날짜를 알려 주세요 (목표 기록이 있으면 "
                  "함께: 2027-04-12 1:45:00)."),
    "ob_q_runs": "일주일에 며칠 달릴 수 있나요? (3~7일)",
    "ob_q_long": "장거리는 무슨 요일이 좋아요?",
    "ob_q_fitness": ("페이스를 정하려고 해요. 최근 대회나 기록 측정 결과 (예: 10k 48:30) 또는 평소 "
                     "편하게 달리는 페이스 (예: 6:15/km, 6분 15초)를 알려 주세요. 잘 모르겠으면 "
                     "건너뛰세요. 달리기 기록으로 배워 갈게요."),
    "ob_q_tz": ("마지막으로 시간대를 확인할게요. {zone} 맞나요 (지금 {time})? 아니면 도시나 시간대를 "
                "입력해 주세요. 예: 런던, America/New_York"),
    "ob_bad_goal": "잘 못 알아들었어요. 버튼을 누르거나 5k, 10k, 하프, 풀코스, 건강 중에서 입력해 주세요.",
    "ob_bad_date": "오늘 이후 2년 안의 대회 날짜가 필요해요. 예: 2027-04-12 또는 4월 12일",
    "ob_bad_runs": "3에서 7 사이의 숫자로 알려 주세요.",
    "ob_bad_long": "요일로 알려 주세요. 예: 토, 일요일",
    "ob_bad_fitness": "읽지 못했어요. 10k 48:30 같은 기록이나 6:15/km 같은 페이스를 입력하거나 건너뛰기를 누르세요.",
    "ob_bad_tz": "모르는 곳이에요. 서울, 런던 같은 도시나 Asia/Seoul 같은 시간대를 입력해 주세요.",
    "ob_fitness_race": "{distance} {time} 기록으로 VDOT {vdot}이에요.",
    "ob_fitness_pace": "편한 페이스 {pace} 기준으로 VDOT 약 {vdot}이에요.",
    "ob_fitness_none": "아직 기록이 없으니 일반적인 페이스로 시작하고 달리기 기록을 보며 조정할게요.",
    "ob_done": "준비 완료! {goal} · 주 {runs}회 · 장거리 {long}요일 · {zone} 시간 기준.",
    "ob_goal_fitness": "건강 달리기",
    "ob_goal_race": "{date} {distance}{target}",
    "ob_morning": ("매일 아침 {hour}시에 그날의 훈련을 보내 드릴게요 (/settings hour=6 으로 시간 변경, "
                   "/settings morning=off 로 끄기). 달리기 기록은 FIT, GPX, TCX 파일로 보내거나 "
                   "/log 8k 42:30 으로 남겨 주세요."),
    "ob_stopped": "알겠어요, 나중에 해요. 언제든 /start 를 보내거나 /goal half 2027-04-12 로 바로 목표를 정할 수 있어요.",
    "ob_expired": "그 설정은 이미 끝났어요. /start 로 다시 시작할 수 있어요.",
    "ob_race_5k": "5K", "ob_race_10k": "10K", "ob_race_half": "하프", "ob_race_marathon": "풀코스",
    "button_fitness": "건강 달리기", "button_later": "나중에", "button_skip_question": "건너뛰기",
    "button_yes": "네",
    # Settings
    "settings_show": ("현재 설정: runs={runs} long={long} off={off} hour={hour} tz={tz} "
                      "units={units} lang={lang} morning={morning} review={review} notes={notes}\n"
                      "한 줄로 바꿀 수 있어요. 예: /settings runs=5 long=sun off=mon,fri hour=7 "
                      "tz=Asia/Seoul units=km lang=ko (morning, review, notes 는 on/off)"),
    "settings_saved": "저장했어요: {changes}",
    "settings_bad": ("“{item}” 은(는) 쓸 수 없어요. 예: /settings runs=5 long=sun off=mon,fri hour=7 "
                     "tz=Asia/Seoul units=km lang=ko morning=off"),
    "settings_bad_runs": "주간 달리기 횟수는 3~7회여야 해요.",
    "settings_bad_days": "주 {runs}회 달리려면 달릴 수 있는 날이 {runs}일 이상 필요해요. 지금은 {free}일이에요.",
    "settings_replan": "다음 주부터 계획이 이렇게 바뀌어요:",
    "settings_replan_same": "지금 계획이 이미 이 설정에 맞아요.",
    "settings_none": "없음",
    "on": "켬", "off": "끔",
    # Links
    "strava_link": "이 링크로 Strava를 연결하세요 (본인 전용): {url}\n연결하면 새 달리기가 자동으로 들어와요.",
    "strava_off": ("이 서버에는 Strava가 설정되어 있지 않아요 (운영자가 STRAVA_CLIENT_ID를 설정해야 해요). "
                   "그동안 FIT, GPX, TCX 파일을 보내 주세요."),
    "web_link": "이 링크로 웹에 로그인하세요 (10분 동안 한 번만 쓸 수 있어요): {url}",
    "calendar_link": ("계획을 캘린더로 보기: {url}\nGoogle 캘린더 (다른 캘린더 → URL로 추가) 또는 "
                      "Apple 캘린더 (파일 → 새로운 캘린더 구독)에 추가하세요. 링크가 있으면 누구나 "
                      "계획을 볼 수 있으니 공유하지 마세요."),
    "feature_off": "이 서버에서는 {command} 기능을 쓸 수 없어요.",
    # Stats and chart
    "stats_this_week": "이번 주 지금까지: 계획 {planned} 중 {done}.",
    "stats_ratio_high": "최근 훈련 부하가 평소보다 꽤 높아요 (비율 {ratio}). 며칠은 가볍게 달리세요.",
    "stats_ratio_low": "최근 훈련 부하가 평소보다 낮아요 (비율 {ratio}). 쉬어 가는 주였다면 괜찮아요.",
    "stats_ratio_ok": "훈련 부하가 안정적인 범위예요 (비율 {ratio}).",
    "chart_title": "최근 {weeks}주 주간 거리",
    "chart_done": "달린 거리", "chart_planned": "계획", "chart_ratio": "부하 비율 (단기:장기)",
    "chart_axis": "거리 ({unit})",
    # Files
    "file_imported": "{name} 가져옴: {distance}, {time} ({pace}).",
    "file_duplicate": "이미 있는 달리기예요 ({date}, {distance}). 새로 추가할 게 없어요.",
    "file_rejected": "{name} 파일을 가져오지 못했어요: {reason}",
    "file_too_big": ("파일이 {size} MB예요. 텔레그램 봇은 20 MB까지만 내려받을 수 있어요. "
                     "압축하거나 몇 개씩 나눠 보내 주세요."),
    "file_download_failed": "텔레그램에서 파일을 내려받지 못했어요. 다시 보내 주세요.",
    "file_archive": "{name}: {imported}개 가져옴, {duplicates}개는 이미 있음, {rejected}개는 읽지 못함.",
    "file_archive_bad": "• {name}: {reason}",
    "file_archive_latest": "가장 최근 달리기:",
    # Today / done
    "done_logged": "오늘의 {workout} 완료로 기록했어요.",
    "done_already": "이미 기록됐어요. 잘했어요!",
    # Workouts in words
    "wk_rest": "휴식일이에요.",
    "wk_cross": "크로스 트레이닝 약 {duration}.",
    "wk_easy": "이지런 {distance}, {pace} — 대화할 수 있을 만큼 편하게.",
    "wk_recovery": "회복주 {distance}, {pace} — 아주 천천히.",
    "wk_long": "장거리 {distance}, {pace} — 빠르지 않게 꾸준히.",
    "wk_race": "대회 날! {distance}, 약 {pace}. 화이팅!",
    "wk_quality_single": "{kind}: 워밍업 {warmup}, {letter} 페이스 {pace}로 {main}, 쿨다운 {cooldown} (총 {total}).",
    "wk_quality_reps": ("{kind}: 워밍업 {warmup}, {letter} 페이스 {pace}로 {rep} × {reps}회 "
                        "(사이 {jog} 조깅), 쿨다운 {cooldown} (총 {total})."),
    "wk_quality_plain": "{kind}: {distance}, 주요 구간은 {letter} 페이스 {pace}.",
    # Proactive messages
    "morning_hello": "좋은 아침이에요, {name}님! 오늘: {workout}",
    "morning_done_hint": "달리고 나면 완료를 누르거나 파일을 보내 주세요. 오늘 어렵다면 건너뛰기를 누르세요.",
    "review_header": "{week} 주 돌아보기: 계획 {planned} 중 {done}, {runs}회 달렸어요.",
    "review_all": "계획한 달리기를 모두 해냈어요. 꾸준함이 최고예요.",
    "review_most": "계획의 대부분을 해냈어요. 좋은 한 주였어요.",
    "review_some": "계획보다 가벼운 한 주였어요. 그럴 수 있어요. 다음 주는 천천히 올려요.",
    "review_none": "이번 주에는 달리기가 없었어요. 가볍게 다시 시작해요. 첫 달리기가 가장 어려워요.",
    "review_next": "다음 주 계획:",
    "review_no_next": "계획의 마지막 주였어요. /goal 로 새 목표를 정해 주세요.",
    "plan_done_line": "{planned} 중 {done} 완료",
    # The command menu Telegram shows next to the text box
    "menu_start": "계획 만들기 시작",
    "menu_today": "오늘의 훈련",
    "menu_plan": "이번 주 계획 (/plan next)",
    "menu_log": "달리기 기록: /log 8k 42:30",
    "menu_stats": "최근 기록과 그래프",
    "menu_goal": "목표 설정: /goal half 2027-04-12",
    "menu_skip": "훈련 건너뛰기",
    "menu_move": "훈련 옮기기: /move sun",
    "menu_sick": "아플 때: /sick 3",
    "menu_away": "여행/출장: /away 시작 끝",
    "menu_predict": "기록 예측: /predict 10k",
    "menu_settings": "설정 한 줄로 보기/바꾸기",
    "menu_strava": "Strava 연결",
    "menu_web": "웹 로그인 링크",
    "menu_calendar": "캘린더로 계획 보기",
    "menu_lang": "언어: /lang ko 또는 en",
    "menu_units": "단위: /units km 또는 mi",
    "menu_help": "할 수 있는 일",
    # Engine rules not named in the base catalogue, and long diffs
    "rule_default_vdot": "최근 대회 기록이 없어 일반적인 러너의 페이스로 시작해요",
    "rule_default_volume": "최근 달리기 기록이 없어 일반적인 주간 거리로 시작해요",
    "rule_min_volume": "계획은 주 10 km 이상에서 시작해요",
    "rule_long_run_day": "장거리 요일이 달릴 수 없는 날이라 가장 가까운 날로 옮겼어요",
    "rule_runs_per_week": "달릴 수 있는 날에 맞춰 주간 횟수를 줄였어요",
    "rule_goal_pace": "목표 기록이 지금 체력보다 많이 빨라서 지금 체력에 맞는 페이스로 훈련해요",
    "rule_vdot": "대회 기록으로 페이스를 새로 정했어요",
    "rule_missed": "놓친 훈련이 있어 훈련량을 낮춰 다시 짰어요",
    "proposal_more": "…그 밖에 {count}일이 더 바뀌어요.",
}
