"""What every page model shares: its traits read and set as one state."""

from __future__ import annotations

from typing import Any

from traitlets import HasTraits


class PageModel(HasTraits):
    """A page's state as traits: views observe them (or ``dlink`` them to widgets) and ask
    the model to change them, so a widget never shows what the model does not hold."""

    def get_state(self) -> dict[str, Any]:
        """Every trait's value, by name."""
        return {name: getattr(self, name) for name in self.trait_names()}

    def set_state(self, state: dict[str, Any]) -> None:
        """Set several traits at once; observers hear of the changes together, after all
        of them are set (so none sees a half-set state)."""
        unknown = sorted(set(state) - set(self.trait_names()))
        if unknown:
            raise KeyError(f"{type(self).__name__} has no trait {', '.join(unknown)}")
        with self.hold_trait_notifications():
            for name, value in state.items():
                setattr(self, name, value)
