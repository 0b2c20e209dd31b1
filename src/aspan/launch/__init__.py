"""aspan.launch"""
