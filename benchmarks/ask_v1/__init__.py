"""The v1 /ask engine, frozen (main at 51c8674): only the baseline that benchmarks/ask.py compares v2 with."""

from benchmarks.ask_v1.compose import Answer
from benchmarks.ask_v1.engine import AskEngine, answer_question
from benchmarks.ask_v1.normalize import MAX_QUESTION

__all__ = ["MAX_QUESTION", "Answer", "AskEngine", "answer_question"]
