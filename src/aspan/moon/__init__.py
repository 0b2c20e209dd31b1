"""aspan.moon"""
