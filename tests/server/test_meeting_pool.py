"""Does the pool of prepared pages serve arriving participants first and refill gently?

The pool logic is tested against a stand-in for Voilà's pooled kernel manager that keeps
Voilà's interface (a list of futures per notebook, ``fill_if_needed`` starting every
missing kernel, ``get_rendered_notebook`` taking the first and then asking for a refill).
Every served page in the browser tests and benchmarks runs the real thing.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from traitlets import Dict
from traitlets.config import LoggingConfigurable

from readiness_server.meeting_pool import pooled_manager_factory

KERNEL_START_S = 0.05
QUIET_S = 0.3


def run(scenario) -> None:
    """Run a scenario on an event loop of its own (other tests may leave one running here)."""
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, scenario()).result()


def voila_like_factory(base_class, preheat_kernel, default_pool_size, page_config_hook=None):
    class VoilaLikeManager(base_class):
        kernel_pools_config = Dict()

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.kernel_pools_config = {"default": {"pool_size": default_pool_size}}
            self._pools: dict[str, list] = {}
            self.starting = 0  # kernels starting right now
            self.most_starting = 0
            self.started = 0
            self.failing = False  # kernels fail to start while set

        async def _start(self, name):
            if self.failing:
                raise RuntimeError("the kernel did not start")
            self.starting += 1
            self.most_starting = max(self.most_starting, self.starting)
            await asyncio.sleep(KERNEL_START_S)
            self.starting -= 1
            self.started += 1
            return {"kernel_id": f"{name}-{self.started}"}

        def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
            size = self.kernel_pools_config.get(
                notebook_name, self.kernel_pools_config["default"])["pool_size"]
            pool = self._pools.setdefault(notebook_name, [])
            for _ in range(size - len(pool)):
                pool.append(asyncio.get_event_loop().create_task(self._start(notebook_name)))

        async def get_rendered_notebook(self, notebook_name, **kwargs):
            content = await self._pools[notebook_name].pop(0)
            self.fill_if_needed(delay=None, notebook_name=notebook_name, **kwargs)
            return content["kernel_id"]

    return VoilaLikeManager


def manager(pool_size: int):
    manager_class = pooled_manager_factory(voila_like_factory)(
        LoggingConfigurable, True, pool_size)
    pool = manager_class(refill_after_quiet=QUIET_S)
    pool.fill_if_needed(delay=0, notebook_name="nb")  # at start-up, as Voilà does
    return pool


def test_a_page_gets_a_ready_kernel_before_one_still_starting():
    async def scenario():
        pool = manager(2)
        await asyncio.sleep(KERNEL_START_S * 3)  # both prepared
        loop = asyncio.get_event_loop()
        never_ready = loop.create_future()
        pool._pools["nb"].insert(0, never_ready)  # e.g. a refill still starting
        taken = await asyncio.wait_for(pool.get_rendered_notebook("nb"), timeout=1)
        assert taken == "nb-1"
        never_ready.cancel()

    run(scenario)


def test_the_pool_refills_only_when_quiet_and_one_kernel_at_a_time():
    async def scenario():
        pool = manager(4)
        await asyncio.sleep(KERNEL_START_S * 3)
        assert pool.started == 4 and pool.most_starting == 4  # start-up fills at once
        pool.most_starting = 0
        for _ in range(4):  # four participants arrive, a little apart
            await pool.get_rendered_notebook("nb")
            await asyncio.sleep(QUIET_S / 3)
        assert pool.started == 4 and pool._pools["nb"] == []  # nothing refilled meanwhile
        await asyncio.sleep(QUIET_S + KERNEL_START_S * 8)
        assert pool.started == 8 and len(pool._pools["nb"]) == 4  # back to full
        assert pool.most_starting == 1  # never two kernels starting at once
        assert pool.kernel_pools_config == {"default": {"pool_size": 4}}  # left as it was

    run(scenario)


def test_a_page_arriving_during_the_refill_pauses_it():
    async def scenario():
        pool = manager(3)
        await asyncio.sleep(KERNEL_START_S * 3)
        for _ in range(3):
            await pool.get_rendered_notebook("nb")
        await asyncio.sleep(QUIET_S + KERNEL_START_S * 1.5)  # the refill has begun
        begun = pool.started
        assert 4 <= begun < 6
        await pool.get_rendered_notebook("nb")  # a late arrival takes what is ready
        await asyncio.sleep(QUIET_S / 2)
        assert pool.started <= begun + 1  # at most the kernel already starting
        await asyncio.sleep(QUIET_S + KERNEL_START_S * 8)
        assert len(pool._pools["nb"]) == 3

    run(scenario)


def test_a_kernel_that_failed_to_start_is_never_handed_out():
    async def scenario():
        pool = manager(2)
        await asyncio.sleep(KERNEL_START_S * 3)
        broken = asyncio.get_event_loop().create_future()
        broken.set_exception(RuntimeError("kernel died while starting"))
        pool._pools["nb"].insert(0, broken)
        assert await pool.get_rendered_notebook("nb") == "nb-1"
        assert broken not in pool._pools["nb"]

    run(scenario)


def test_a_refill_that_fails_leaves_no_broken_entry_behind():
    async def scenario():
        pool = manager(1)
        await asyncio.sleep(KERNEL_START_S * 3)
        pool.failing = True
        await pool.get_rendered_notebook("nb")
        await asyncio.sleep(QUIET_S + KERNEL_START_S * 3)  # the refill tried and failed
        assert pool._pools["nb"] == []  # a page now starts its own kernel instead

    run(scenario)


def test_served_voila_uses_the_pool_and_skips_the_iri_grammars():
    from readiness_server.serve import voila_command

    assert voila_command(8866)[1:3] == ["-m", "readiness_server.voila_launch"]
    probe = ("import sys\nfrom readiness_server.voila_launch import prepare\napp = prepare()\n"
             "print(sys.modules.get('rfc3987_syntax') is None,"
             " getattr(app.voila_kernel_manager_factory, 'meeting_pool', False))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["True", "True"]


def test_the_terminal_counts_the_pages_prepared_at_start_up(caplog):
    async def scenario():
        pool = manager(3)
        await asyncio.sleep(KERNEL_START_S * 3)
        return pool

    with caplog.at_level(logging.INFO):
        run(scenario)
    lines = [r.getMessage() for r in caplog.records if "Pages prepared" in r.getMessage()]
    assert lines == [f"Pages prepared for participants: {n} of 3" for n in (1, 2, 3)]
