"""Plain Wagtail, for `make bench` only: a page type with a title, a rich-text body and a
minimal template, served on the same stack as ours so that "as fast as plain Wagtail" is
measured in the same run rather than quoted. Installed by config/settings/bench.py only."""
