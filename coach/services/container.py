"""The services object both edges receive: one instance per feature, sharing the dependencies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.ports import Cache, Clock, Notifier, Quota, UnitOfWorkFactory
from coach.ports_coaching import ChartRenderer
from coach.ports_strava import StravaSetup

if TYPE_CHECKING:
    from coach.services.accounts import AccountService
    from coach.services.after_run import AfterRunService
    from coach.services.athletes import AthleteService
    from coach.services.calendar import CalendarService
    from coach.services.coaching import CoachingService
    from coach.services.feed import FeedService
    from coach.services.follows import FollowService
    from coach.services.goals import GoalService
    from coach.services.inbox import InboxService
    from coach.services.plans import PlanService
    from coach.services.runs import RunService
    from coach.services.stats import StatsService
    from coach.services.strava import StravaService
    from coach.services.web import WebService


@dataclass(slots=True)
class Dependencies:
    uow: UnitOfWorkFactory
    clock: Clock
    cache: Cache
    quota: Quota
    public_url: str = "http://127.0.0.1:8000"
    notifier: Notifier | None = None
    strava: StravaSetup | None = None  # None: Strava is off (no STRAVA_CLIENT_ID)
    charts: ChartRenderer | None = None  # None: /stats answers in text only
    extras: dict[str, object] = field(default_factory=dict)


class Services:
    """Built once by the composition root; edges call `services.<feature>.<use_case>(...)`."""

    def __init__(self, deps: Dependencies) -> None:
        from coach.services.accounts import AccountService
        from coach.services.after_run import AfterRunService
        from coach.services.athletes import AthleteService
        from coach.services.calendar import CalendarService
        from coach.services.coaching import CoachingService
        from coach.services.feed import FeedService
        from coach.services.follows import FollowService
        from coach.services.goals import GoalService
        from coach.services.inbox import InboxService
        from coach.services.plans import PlanService
        from coach.services.runs import RunService
        from coach.services.stats import StatsService
        from coach.services.strava import StravaService
        from coach.services.web import WebService

        self.deps = deps
        self.athletes: AthleteService = AthleteService(deps)
        self.goals: GoalService = GoalService(deps)
        self.runs: RunService = RunService(deps)
        self.stats: StatsService = StatsService(deps)
        self.inbox: InboxService = InboxService(deps)
        self.plans: PlanService = PlanService(deps)
        self.after_run: AfterRunService = AfterRunService(deps, self.plans)
        self.accounts: AccountService = AccountService(deps)
        self.web: WebService = WebService(deps)
        self.follows: FollowService = FollowService(deps)
        self.feed: FeedService = FeedService(deps)
        self.calendar: CalendarService = CalendarService(deps)
        self.strava: StravaService = StravaService(deps, self.runs, self.after_run, self.athletes)
        self.coaching: CoachingService = CoachingService(deps, self.plans, self.stats)
