"""aspan.satellites"""
