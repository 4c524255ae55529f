"""English messages of the chat coach: onboarding, settings, links, files, charts, proactive messages."""

MESSAGES: dict[str, str] = {
    # Onboarding
    "ob_welcome": ("Hi {name}! I'm RunCoach, your running coach. A few quick questions and you'll "
                   "have your first week's plan. Tap a button or type the answer; any command "
                   "(like /help) leaves the set-up."),
    "ob_q_goal": ("What are you training for? A race — 5k, 10k, half or marathon (add the date if "
                  "you know it: half 2027-04-12) — or just to get fit?"),
    "ob_q_date": ("When is your race ({distance})? A date like 2027-04-12 (add a goal time if you have one: "
                  "2027-04-12 1:45:00)."),
    "ob_q_runs": "How many days a week can you run? (3 to 7)",
    "ob_q_long": "Which day suits your long run?",
    "ob_q_fitness": ("To set your paces: a recent race or time trial (e.g. 10k 48:30), or your usual "
                     "easy pace (e.g. 6:15/km). Not sure? Skip it and I'll learn from your runs."),
    "ob_q_tz": ("Last one: your time zone, so messages come at the right hour. Is it {zone} "
                "(it's {time} there now)? If not, type your city or zone, e.g. London or "
                "America/New_York."),
    "ob_bad_goal": "I didn't catch that. Tap a button, or type 5k, 10k, half, marathon or fitness.",
    "ob_bad_date": "I need a race date in the future and within two years, like 2027-04-12.",
    "ob_bad_runs": "A number of days from 3 to 7, please.",
    "ob_bad_long": "A day of the week, please, like sat or sun.",
    "ob_bad_fitness": ("I couldn't read that. Try a race like 10k 48:30, an easy pace like 6:15/km, "
                       "or tap Skip."),
    "ob_bad_tz": "I don't know that place. Try a city or a zone like Asia/Seoul, Europe/London or America/New_York.",
    "ob_fitness_race": "From your {distance} in {time}: VDOT {vdot}.",
    "ob_fitness_pace": "From your easy pace of {pace}: VDOT about {vdot}.",
    "ob_fitness_none": "No race yet: I'll start with typical paces and adjust them from your runs.",
    "ob_done": "All set! {goal} · {runs} runs a week · long run on {long} · {zone} time.",
    "ob_goal_fitness": "General fitness",
    "ob_goal_race": "{distance} on {date}{target}",
    "ob_morning": ("Each morning at {hour}:00 I'll send the day's workout (/settings hour=6 moves it, "
                   "/settings morning=off stops it). Send me your runs as FIT, GPX or TCX files, "
                   "or /log 8k 42:30."),
    "ob_stopped": "OK, we can do this later: /start any time, or set a goal directly with /goal half 2027-04-12.",
    "ob_expired": "That set-up is over. /start begins it again.",
    "ob_race_5k": "5K", "ob_race_10k": "10K", "ob_race_half": "Half", "ob_race_marathon": "Marathon",
    "button_fitness": "Just get fit", "button_later": "Later", "button_skip_question": "Skip",
    "button_yes": "Yes",
    # Settings
    "settings_show": ("Your settings: runs={runs} long={long} off={off} hour={hour} tz={tz} "
                      "units={units} lang={lang} morning={morning} review={review} notes={notes}\n"
                      "Change any of them in one line, e.g. /settings runs=5 long=sun off=mon,fri "
                      "hour=7 tz=Asia/Seoul units=km lang=ko (morning, review and notes take on/off)."),
    "settings_saved": "Saved: {changes}.",
    "settings_bad": ("I can't use “{item}”. Try e.g. /settings runs=5 long=sun off=mon,fri hour=7 "
                     "tz=Asia/Seoul units=km lang=ko morning=off."),
    "settings_bad_runs": "Runs per week must be from 3 to 7.",
    "settings_bad_days": "I need at least {runs} days a week you can run; you've kept {free}.",
    "settings_replan": "From next week your plan would change like this:",
    "settings_replan_same": "Your plan already fits these settings.",
    "settings_none": "none",
    "on": "on", "off": "off",
    # Links
    "strava_link": "Connect Strava with this link (it's yours alone): {url}\nNew runs then arrive by themselves.",
    "strava_off": ("Strava isn't set up on this server (the operator sets STRAVA_CLIENT_ID). "
                   "Meanwhile, send me your runs as FIT, GPX or TCX files."),
    "web_link": "Sign in on the web with this link (it works once, for 10 minutes): {url}",
    "calendar_link": ("Your plan as a calendar: {url}\nAdd it in Google Calendar (Other calendars → "
                      "From URL) or Apple Calendar (File → New Calendar Subscription). Keep it "
                      "private: anyone with the link can see your plan."),
    "feature_off": "{command} isn't available on this server.",
    # Stats and chart
    "stats_this_week": "This week so far: {done} of {planned} planned.",
    "stats_ratio_high": "Your recent load is well above your usual (ratio {ratio}): keep the next few days easy.",
    "stats_ratio_low": "Your recent load is below your usual (ratio {ratio}): fine after an easy week.",
    "stats_ratio_ok": "Your load is in a steady range (ratio {ratio}).",
    "chart_title": "Weekly distance, last {weeks} weeks",
    "chart_done": "done", "chart_planned": "planned", "chart_ratio": "load ratio (acute:chronic)",
    "chart_axis": "distance ({unit})",
    # Files
    "file_imported": "Imported {name}: {distance} in {time} ({pace}).",
    "file_duplicate": "I already have this run ({date}, {distance}), so there's nothing new to add.",
    "file_rejected": "I couldn't import {name}: {reason}",
    "file_too_big": ("That file is {size} MB, and Telegram lets bots download files only up to 20 MB. "
                     "Zip it, or send the runs a few at a time."),
    "file_download_failed": "I couldn't download that file from Telegram. Please send it again.",
    "file_archive": "From {name}: {imported} imported, {duplicates} already here, {rejected} unreadable.",
    "file_archive_bad": "• {name}: {reason}",
    "file_archive_latest": "The latest one:",
    # Today / done
    "done_logged": "Counted today's {workout} as done.",
    "done_already": "Already counted — nice work!",
    # Workouts in words
    "wk_rest": "Rest day.",
    "wk_cross": "Cross-training for about {duration}.",
    "wk_easy": "Easy run: {distance} at {pace}, at a pace you could chat at.",
    "wk_recovery": "Recovery run: {distance} very easy at {pace}.",
    "wk_long": "Long run: {distance} easy at {pace}; steady, not fast.",
    "wk_race": "Race day: {distance} at about {pace}. Good luck!",
    "wk_quality_single": "{kind}: {warmup} easy, {main} at {letter} pace {pace}, {cooldown} easy ({total} in all).",
    "wk_quality_reps": ("{kind}: {warmup} easy, {reps} × {rep} at {letter} pace {pace} with {jog} "
                        "jogs between, {cooldown} easy ({total} in all)."),
    "wk_quality_plain": "{kind}: {distance} with the main part at {letter} pace {pace}.",
    # Proactive messages
    "morning_hello": "Good morning, {name}! Today: {workout}",
    "morning_done_hint": "Tap Done when you've run it (or send me the file), or Skip if today won't work.",
    "review_header": "Your week {week}: {done} of {planned} planned, {runs} runs.",
    "review_all": "You did all the planned running — great consistency.",
    "review_most": "Most of the plan done — a solid week.",
    "review_some": "A lighter week than planned. That happens; next week picks up gently.",
    "review_none": "No runs this week. Let's start again gently; the first run is the hardest.",
    "review_next": "Next week:",
    "review_no_next": "That was the last week of your plan. Set a new goal with /goal.",
    "plan_done_line": "done {done} of {planned}",
    # The command menu Telegram shows next to the text box
    "menu_start": "set up your plan",
    "menu_today": "today's workout",
    "menu_plan": "this week's plan (/plan next)",
    "menu_log": "record a run: /log 8k 42:30",
    "menu_stats": "recent weeks and a chart",
    "menu_goal": "set a goal: /goal half 2027-04-12",
    "menu_skip": "skip a workout",
    "menu_move": "move a workout: /move sun",
    "menu_sick": "ill for some days: /sick 3",
    "menu_away": "away: /away FROM TO",
    "menu_predict": "race prediction: /predict 10k",
    "menu_settings": "preferences in one line",
    "menu_strava": "connect Strava",
    "menu_web": "sign in on the web",
    "menu_calendar": "your plan as a calendar",
    "menu_lang": "language: /lang ko or en",
    "menu_units": "units: /units km or mi",
    "menu_help": "everything I can do",
    # Engine rules not named in the base catalogue, and long diffs
    "rule_default_vdot": "no recent race yet, so paces start from a typical runner's",
    "rule_default_volume": "no recent running yet, so the plan starts from a typical weekly distance",
    "rule_min_volume": "the plan starts from at least 10 km a week",
    "rule_long_run_day": "your long-run day is one you can't run, so the long run moved to the nearest day",
    "rule_runs_per_week": "fewer runs a week, to fit the days you can run",
    "rule_goal_pace": "your goal time is well ahead of your current fitness, so training uses today's paces",
    "rule_vdot": "new paces from your race result",
    "rule_missed": "missed runs, rebuilt at a lower volume",
    "proposal_more": "…and {count} more days change.",
}
