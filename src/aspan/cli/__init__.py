"""aspan.cli"""
