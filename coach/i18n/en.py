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
}
