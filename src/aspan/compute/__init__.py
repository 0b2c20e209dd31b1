"""aspan.compute"""
