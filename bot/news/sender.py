"""One process delivers the news for the whole bot: the one holding the store's sender role.

Discord's global rate limit (50 requests/s) is per bot token, not per process, so several processes sharing one
database must not each drain the outbox at NEWS_RATE_PER_SECOND. Every process runs `serve_news`; the one that
gets the role runs the worker, the others try again every `retry` seconds and take over within that time when
the sender dies (its lock dies with it). Rows a dead sender was sending wait for their lease to run out.
When even asking for the role fails (PostgreSQL is down, the lock file cannot be opened), that is logged once,
tried again with backoff, and shown in the worker's `health`, until a single line says it recovered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from bot.news.worker import SENDER_ROLE, TROUBLE_BACKOFF_CAP, Worker
from bot.storage.interface import SenderRole

log = logging.getLogger(__name__)

RETRY_SECONDS = 2.0


async def serve_news(
    role: SenderRole,
    worker: Worker,
    *,
    retry: float = RETRY_SECONDS,
) -> None:
    """Deliver while this process is the sender; otherwise wait for the role (forever, until cancelled).
    Between tries it sleeps on the worker's own waiter, so the bot's clock (virtual in tests) governs both."""
    waiting_logged = False
    failures = 0
    while True:
        try:
            acquired = await role.acquire()
        except Exception as error:  # the database is down or its lock file unusable: logged once, in `health`
            failures += 1
            worker.note_trouble(SENDER_ROLE, error)
            await worker.waiter.sleep(min(TROUBLE_BACKOFF_CAP, retry * 2 ** (failures - 1)))
            continue
        if failures:
            failures = 0
            worker.note_recovered(SENDER_ROLE)
        if not acquired:
            if not waiting_logged:
                log.info("another process delivers the news; this one takes over if it stops")
                waiting_logged = True
            await worker.waiter.wait(retry)
            continue
        waiting_logged = False
        log.info("this process delivers the news")
        role.on_work(worker.wake)
        worker.wake()  # anything queued while no process was the sender
        running = asyncio.create_task(worker.run(), name="news-worker-run")
        lost = False

        def on_lost(task: asyncio.Task[None] = running) -> None:
            nonlocal lost
            lost = True
            task.cancel()

        role.on_lost(on_lost)
        try:
            await running
        except asyncio.CancelledError:
            if not lost:
                raise
            log.warning("lost the news sender role (the database connection holding it broke); stopping")
        except Exception:
            log.exception("the news worker stopped")
        finally:
            running.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(running, return_exceptions=True)
            await role.release()
        await worker.waiter.wait(retry)
