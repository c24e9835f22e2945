"""An extension that cannot load, for the test proving one broken cog does not stop the others."""

raise ImportError("this extension is broken on purpose")
