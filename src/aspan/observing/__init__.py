"""aspan.observing"""
