"""Every task of the portal can be queued: Celery refuses to send a task whose soft time limit
(its own, or the settings' default) is above its hard one, and the portal's callers log such a
refusal as "could not queue", so it would otherwise go unnoticed."""

import pytest

from renovation.celery_app import app

OUR_APPS = ("compounds.", "progress.", "oversight.", "renovation.")


def our_tasks():
    app.loader.import_default_modules()
    return sorted((name, task) for name, task in app.tasks.items() if name.startswith(OUR_APPS))


def test_the_portal_has_tasks():
    assert len(our_tasks()) >= 8


@pytest.mark.parametrize("name", [name for name, _task in our_tasks()])
def test_each_task_soft_limit_is_within_its_hard_limit(name):
    task = app.tasks[name]
    soft = task.soft_time_limit or app.conf.task_soft_time_limit
    hard = task.time_limit or app.conf.task_time_limit
    assert soft and hard, "every task has both limits"
    assert soft <= hard, f"{name}: soft {soft} s > hard {hard} s: apply_async would refuse it"
