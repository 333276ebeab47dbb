"""Voilà, with its pool of prepared pages tuned for a room of phones arriving at once.

Voilà keeps a pool of kernels that have already run the notebook, so a page opens without
waiting for Python to start. Out of the box it refills the pool the moment a page takes a
kernel, and all at once. When 30 participants scan the join code together, that starts 30
new kernels while the 30 pages are still being served, and they take the processor from the
pages being served, prepared or not (docs/group-sessions.md has the measurement). Here the
pool:

* hands out a kernel that is ready before one that is still starting;
* refills only after no page has been taken for ``refill_after_quiet`` seconds, and one
  kernel at a time, so refilling never competes with arriving participants for more than
  one core.

A page that finds the pool empty gets a kernel started for it, as Voilà does anyway.

``voila_launch.py`` installs this in Voilà; nothing here imports Voilà itself.
"""

from __future__ import annotations

import asyncio

REFILL_AFTER_QUIET_S = 10.0


def failed(item: asyncio.Future) -> bool:
    """A pool entry whose kernel failed to start (or whose start was cancelled)."""
    return item.done() and (item.cancelled() or item.exception() is not None)


def pooled_manager_factory(voila_factory):
    """Wrap Voilà's kernel manager factory so its pooled manager behaves as described."""
    from traitlets import Float

    def factory(base_class, preheat_kernel, default_pool_size, page_config_hook=None):
        manager_class = voila_factory(base_class, preheat_kernel, default_pool_size,
                                      page_config_hook=page_config_hook)
        if not preheat_kernel:
            return manager_class

        class MeetingPoolKernelManager(manager_class):
            refill_after_quiet = Float(
                REFILL_AFTER_QUIET_S, config=True,
                help="Seconds without a page taking a kernel before the pool refills")

            def __init__(self, **kwargs):
                self._last_taken: dict[str, float] = {}
                self._refills: dict[str, asyncio.Task] = {}
                super().__init__(**kwargs)

            async def get_rendered_notebook(self, notebook_name, *args, **kwargs):
                pool = self._pools.get(notebook_name, [])
                pool[:] = [item for item in pool if not failed(item)]
                ready = next((i for i, item in enumerate(pool) if item.done()), 0)
                if pool:
                    pool.insert(0, pool.pop(ready))  # Voilà takes the first one
                return await super().get_rendered_notebook(notebook_name, *args, **kwargs)

            def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
                if delay is not None:  # at start-up: nobody is waiting yet, fill at once
                    before = len(self._pools.get(notebook_name, []))
                    super().fill_if_needed(delay=delay, notebook_name=notebook_name, **kwargs)
                    self._report_progress(self._pools[notebook_name][before:])
                    return
                # A page has just taken a kernel: refill later, gently.
                loop = asyncio.get_event_loop()
                self._last_taken[notebook_name] = loop.time()
                running = self._refills.get(notebook_name)
                if running is None or running.done():
                    self._refills[notebook_name] = loop.create_task(
                        self._refill_when_quiet(notebook_name, kwargs))

            def _report_progress(self, starting: list) -> None:
                """Tell whoever started the server how many pages are ready (the
                facilitator waits for this before the meeting)."""
                progress = {"ready": 0}

                def one_done(item):
                    if failed(item):
                        self.log.warning("A page could not be prepared: %s",
                                         "cancelled" if item.cancelled() else item.exception())
                        return
                    progress["ready"] += 1
                    self.log.info("Pages prepared for participants: %d of %d",
                                  progress["ready"], len(starting))

                for item in starting:
                    item.add_done_callback(one_done)

            def _pool_entry(self, notebook_name) -> dict:
                """The notebook's pool settings, as Voilà reads them (else the default)."""
                default = self.kernel_pools_config.get("default", {})
                return {"pool_size": default.get("pool_size", 1),
                        **self.kernel_pools_config.get(notebook_name, default)}

            def pool_target(self, notebook_name) -> int:
                return self._pool_entry(notebook_name)["pool_size"]

            async def _refill_when_quiet(self, notebook_name, kwargs):
                loop = asyncio.get_event_loop()
                while len(self._pools.get(notebook_name, [])) < self.pool_target(notebook_name):
                    quiet = loop.time() - self._last_taken[notebook_name]
                    if quiet < self.refill_after_quiet:
                        await asyncio.sleep(self.refill_after_quiet - quiet)
                        continue
                    started = self._start_one(notebook_name, kwargs)
                    try:
                        await started  # the next one starts when this kernel is up
                    except Exception as error:  # noqa: BLE001  (a page will start its own)
                        self.log.warning("Refilling the pool of %s failed: %s",
                                         notebook_name, error)
                        pool = self._pools.get(notebook_name, [])
                        if started in pool:
                            pool.remove(started)  # never hand a failed start to a page
                        return

            def _start_one(self, notebook_name, kwargs) -> asyncio.Future:
                # Voilà's fill starts every missing kernel; asking it for a pool one larger
                # than now starts exactly one, with Voilà's own environment for kernels.
                pool = self._pools.setdefault(notebook_name, [])
                configured = self.kernel_pools_config
                self.kernel_pools_config = {**configured, notebook_name: {
                    **self._pool_entry(notebook_name), "pool_size": len(pool) + 1}}
                try:
                    super().fill_if_needed(delay=0, notebook_name=notebook_name, **kwargs)
                finally:
                    self.kernel_pools_config = configured
                return pool[-1]

        return MeetingPoolKernelManager

    return factory
