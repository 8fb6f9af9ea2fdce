"""Deployment to AWS: the merge template laid over the template `chalice package` generates."""
