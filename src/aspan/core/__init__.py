"""aspan.core"""
