"""/ask: answering fans' free-text questions from the knowledge base and the sequel ledger (pure Python)."""

from bot.knowledge.ask.compose import Answer
from bot.knowledge.ask.engine import AskEngine
from bot.knowledge.ask.normalize import MAX_QUESTION

__all__ = ["MAX_QUESTION", "Answer", "AskEngine"]
