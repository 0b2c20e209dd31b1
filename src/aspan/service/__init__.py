"""aspan.service"""
