"""aspan.catalog"""
