"""An addon whose view is wrong: its install must fail and change nothing."""
