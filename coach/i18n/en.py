"""English messages."""

MESSAGES: dict[str, str] = {
    "weekdays": "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
    "welcome": (
        "Hi {name}! I'm RunCoach, your running coach.\n"
        "Tell me your goal and I'll build a week-by-week plan around your runs.\n\n"
        "Set a goal:  /goal half 2027-04-12 1:45:00  (or /goal 10k 2027-03-01, /goal fitness)\n"
        "Log a run:   /log 8k 42:30 felt easy\n"
        "See progress: /stats\n\n"
        "/help lists everything I can do."
    ),
    "help": (
        "What I can do:\n"
        "/goal DIST DATE [TIME] — set a race goal (5k, 10k, half, marathon) or /goal fitness\n"
        "/plan [next] — this (or next) week's plan\n"
        "/today — today's workout\n"
        "/log DIST TIME [note] — record a run, e.g. /log 8k 42:30 felt easy\n"
        "/skip, /move DATE, /sick DAYS, /away FROM TO — change the plan\n"
        "/stats — recent weeks: distance, time, load\n"
        "/predict DIST — race-time prediction\n"
        "/strava — connect Strava · /web — sign in on the web · /calendar — plan calendar\n"
        "/lang ko|en · /units km|mi · /settings — preferences\n"
        "You can also send a FIT, GPX or TCX file, or just talk to me."
    ),
    "goal_usage": (
        "Tell me the distance and the date, e.g. /goal half 2027-04-12 1:45:00, "
        "/goal 10k 2027-03-01, or /goal fitness for no race."
    ),
    "goal_set_race": "Goal set: {distance} on {date}{target}. That's {weeks} weeks away.",
    "goal_target": " in {time}",
    "goal_set_fitness": "Goal set: general fitness, no race date. I'll keep your running steady and varied.",
    "log_usage": "Tell me the distance and the time, e.g. /log 8k 42:30 felt easy.",
    "log_done": "Logged {distance} in {time} ({pace}). Nice work!",
    "log_duplicate": "I already have that run ({distance} in {time}), so I kept one copy.",
    "stats_empty": "No runs in the last {weeks} weeks yet. Log one with /log 5k 30:00, or send me a file.",
    "stats_header": "Your last {weeks} weeks:",
    "stats_week": "{week}: {distance} · {time} · {runs} runs",
    "stats_load": "Load — acute {acute:.0f}, chronic {chronic:.0f}, ratio {ratio}",
    "stats_ratio_none": "n/a",
    "lang_usage": "Use /lang ko or /lang en.",
    "lang_set": "I'll speak English from now on.",
    "units_usage": "Use /units km or /units mi.",
    "units_set": "Distances and paces in {units} from now on.",
    "coming": "{command} is coming soon; for now try /help to see what works today.",
    "unknown_command": "I don't know {command}. /help lists what I can do.",
    "fallback": (
        "I'm not sure what you mean. I can set a goal (/goal), show your plan (/plan, /today), "
        "log a run (/log 8k 42:30), adjust the week (/skip, /move, /sick, /away) and show "
        "your progress (/stats). /help has the full list."
    ),
    "error": "Something went wrong on my side (incident {incident}). Please try again in a moment.",
    "invalid": "{message}",
    "empty": "Say something, or try /help.",
    # Plans
    "kind_rest": "rest", "kind_recovery": "recovery", "kind_easy": "easy", "kind_long": "long run",
    "kind_marathon": "marathon pace", "kind_tempo": "tempo", "kind_intervals": "intervals",
    "kind_repetition": "repetitions", "kind_race": "race", "kind_cross": "cross-training",
    "phase_base": "base", "phase_build": "build", "phase_peak": "peak", "phase_taper": "taper",
    "phase_race": "race week", "phase_recovery": "recovery week", "phase_maintenance": "maintenance",
    "plan_week_header": "Week {week} ({phase}) — {distance} planned:",
    "plan_created": "Here is your plan: {weeks} weeks. This week:",
    "plan_notes": "I adjusted a few things to keep you safe:",
    "no_plan": "You don't have a plan yet. Set a goal and I'll make one: /goal half 2027-04-12 or /goal fitness.",
    "today_rest": "Today is a rest day. Enjoy it — recovery is training too.",
    "today_workout": "Today: {workout}\n{description}",
    "today_done": "Already done — nice work!",
    "done_ack": "Great! Send me the file or log it (/log 8k 42:30) so I can count it.",
    "move_usage": "Tell me where to move it, e.g. /move sun (today's run to Sunday), /move tue thu, or /move long sun.",
    "move_no_long": "There is no long run left this week to move.",
    "sick_usage": "Tell me for how many days, e.g. /sick 3. Rest well!",
    "away_usage": "Tell me when you leave and come back, e.g. /away 2027-01-10 2027-01-14.",
    "predict_usage": "Tell me the distance, e.g. /predict 10k or /predict half.",
    "predict_result": "{distance}: about {time} (VDOT {vdot}).",
    "predict_riegel": "Riegel's formula from your {distance} says {time}.",
    "predict_source_runs": "Based on your recent best effort.",
    "predict_source_stated": "Based on the race result you told me.",
    "predict_source_level": "I have no race or hard effort of yours yet, so this assumes a typical runner at your level.",
    "proposal_header": "Here's the change I'd make:",
    "proposal_rules": "Safety rules I applied:",
    "proposal_ask": "Shall I apply it? (yes / no)",
    "button_confirm": "Confirm", "button_cancel": "Cancel", "button_done": "Done", "button_skip": "Skip",
    "confirmed": "Done — your plan is updated (version {version}).",
    "cancelled": "OK, I left your plan as it was.",
    "nothing_to_confirm": "There's no change waiting for your answer.",
    "rule_weekly_increase": "weekly distance rises at most 10 %",
    "rule_long_run_share": "the long run stays within 30 % of the week",
    "rule_long_run_time": "the long run stays under 2.5 hours",
    "rule_quality_count": "at most 2 hard sessions a week",
    "rule_quality_spacing": "hard sessions are never on back-to-back days or the day before the long run",
    "rule_easy_share": "at least 75 % of your running time stays easy",
    "rule_taper": "the taper cuts volume before race day",
    "rule_unavailable_rest": "days you can't run stay rest days",
    "rule_sick_ramp": "after illness, a gentle return",
    "rule_return_to_run": "after time off, no hard sessions at first",
    "rule_acwr": "your recent load is high compared with your usual",
    "rule_extra_volume": "you ran more than planned, so what follows is lighter",
    "rule_realign": "missed workouts are not crammed in",
    # Post-run notes
    "note_done": "You ran {distance} in {time} ({pace}).",
    "note_cross": "Counted as cross-training: it adds load but not running distance.",
    "note_unplanned": "Nothing was planned today — an extra run.",
    "note_planned": "Planned: {workout}.",
    "note_on_target": "Right on target.",
    "note_longer": "Longer than planned.",
    "note_shorter": "Shorter than planned — that's fine, listen to your body.",
    "note_plan_changed": "I adjusted your plan:",
    # Errors a runner can hit in chat (English repeats the core's own message).
    "err_distance": "I can't read {text!r} as a distance (try 5k, 10k, half, marathon, 8k or metres).",
    "err_time": "I can't read {text!r} as a time (try mm:ss or h:mm:ss).",
    "err_day": "I can't read {text!r} as a day (try 2027-03-01, sun or tomorrow).",
    "err_goal_date": "A race goal needs a date, e.g. /goal half 2027-04-12.",
    "err_goal_past": "The race date must be in the future.",
    "err_goal_far": "That race is more than two years away; pick one within two years.",
    "err_goal_pace": "That target time works out to a pace I can't plan for (between 2:30 and 20:00 per km).",
    "err_log_pace": "That distance and time give a pace I can't believe (between 2:00 and 30:00 per km). Check the numbers?",
    "err_log_long": "A single run can't be longer than a day.",
    "err_race_fixed": "The race stays on race day; change the goal instead.",
    "err_rest_day": "{day} is a rest day: there's nothing planned to change.",
    "err_past_day": "{day} is already past; I only change days from today on.",
    "err_outside_plan": "{day} is outside the plan.",
}
