"""The risk log: risks with versions (who, when), warning lamps bound to the signals the tool computes."""
