"""aspan.kernels"""
