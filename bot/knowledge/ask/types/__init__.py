"""The question types, one family per module; `registry.PRECEDENCE` orders them."""
