"""Queue a Celery task once the current transaction commits, without breaking the page
when the broker is down."""

import logging
from collections.abc import Callable

from django.db import transaction
from kombu.exceptions import OperationalError

log = logging.getLogger(__name__)

BROKER_DOWN = "后台任务服务（Redis）无法连接，任务未能开始；请稍后重试或联系系统管理员"


def send_after_commit(
    task,
    args: tuple = (),
    *,
    queue: str | None = None,
    on_failure: Callable[[str], None] | None = None,
) -> None:
    """Queue ``task`` once the current transaction (if any) commits. When the broker
    cannot be reached the page still works: the failure is logged and ``on_failure``
    is called with a message in Chinese (outside a transaction: before this returns)."""

    def send():
        try:  # fire and forget: nobody waits on these results
            task.apply_async(args, queue=queue, ignore_result=True)
        except (OperationalError, OSError, RuntimeError):
            log.exception("cannot queue %s: the broker is unreachable", task.name)
            if on_failure is not None:
                on_failure(BROKER_DOWN)

    transaction.on_commit(send)
