"""Operator tools: run by a platform operator from a checkout, never by the Lambda code.

chalicelib never imports this package (a test keeps it so), and the bundle does not ship it.
"""
