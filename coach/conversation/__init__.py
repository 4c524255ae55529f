"""One chat turn, whatever the channel: the offline coach or the LLM agent, then the reply."""

from coach.conversation.coach import Coach, TurnContext

__all__ = ["Coach", "TurnContext"]
